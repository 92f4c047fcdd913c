import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { RawActivities } from './raw.activities';

/**
 * The raw engine the side-by-side benchmark compares Yiyang with: a case of `steps` human steps,
 * each an Update. `work` says what a step does besides changing the workflow's state, so the
 * benchmark can also show what activity hand-offs cost on the same server (`local-write`: a local
 * activity that commits one PostgreSQL row, the floor's step).
 */
export type RawWork = 'none' | 'local' | 'local-write' | 'activity' | 'five-activities';

export const rawStepUpdate = defineUpdate<number, [RawWork]>('rawStep');

const acts = proxyActivities<RawActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<RawActivities>({ startToCloseTimeout: '30 seconds' });

export async function rawCaseWorkflow(steps: number): Promise<number> {
  let done = 0;
  setHandler(rawStepUpdate, async (work) => {
    if (work === 'local') await local.record();
    if (work === 'local-write') await local.recordRow();
    if (work === 'activity') await acts.record();
    if (work === 'five-activities') for (let i = 0; i < 5; i++) await acts.record();
    done += 1;
    return done;
  });
  await condition(() => done >= steps);
  await condition(allHandlersFinished);
  return done;
}
