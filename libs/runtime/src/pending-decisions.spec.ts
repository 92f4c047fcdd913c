import type { PendingDecision } from '@app/persistence';
import { byTask } from './pending-decisions';

const decision = (updateId: string, taskId: string): PendingDecision =>
  ({ updateId, taskId, caseId: `case-${taskId}`, actorId: 'officer', request: {} }) as unknown as PendingDecision;

describe('byTask (pending decisions are re-sent task by task, side by side)', () => {
  it.each<[string, PendingDecision[], string[][]]>([
    ['nothing pending', [], []],
    ['one decision', [decision('u1', 't1')], [['u1']]],
    ['different tasks: one group each', [decision('u1', 't1'), decision('u2', 't2')], [['u1'], ['u2']]],
    [
      "one task's decisions stay in the order they were made, among others",
      [decision('u1', 't1'), decision('u2', 't2'), decision('u3', 't1'), decision('u4', 't1')],
      [['u1', 'u3', 'u4'], ['u2']],
    ],
  ])('%s', (_name, rows, expected) => {
    expect(byTask(rows).map((g) => g.map((d) => d.updateId))).toEqual(expected);
  });
});
