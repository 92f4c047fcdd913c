import type { TransitionInput } from '../../activities/activity-types';

/** An activity call a stubbed worker recorded. */
export interface StubCall {
  name: string;
  input: Record<string, unknown>;
}

/**
 * The decisions a stubbed worker was asked to store on a task: alone (cases started before a
 * decision rode with its transition) or as a write of a transition (newer cases).
 */
export function decisionsStored(calls: StubCall[], taskId: string): Record<string, unknown>[] {
  return calls
    .flatMap((c) => {
      if (c.name === 'completeTask') return [c.input];
      if (c.name !== 'advanceCase') return [];
      return (c.input as unknown as TransitionInput).writes.filter((w) => w.kind === 'decision') as unknown as Record<string, unknown>[];
    })
    .filter((d) => d.taskId === taskId);
}
