import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';

/**
 * Replays recorded case histories against today's workflow bundle: a change that would make
 * running cases non-deterministic fails here. Re-record only with a patched()/versioned change.
 */
describe('workflow replay of recorded histories', () => {
  const dir = join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const bundle = { codePath: process.env.YIYANG_WORKFLOW_BUNDLE! };
  const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { events: Record<string, unknown>[] };

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, historyFromJSON(load(file))),
    ).resolves.toBeUndefined();
  });

  it('detects a history the code would not produce (the check can fail)', async () => {
    const tampered = load(files[0]);
    const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes) as {
      activityTaskScheduledEventAttributes: { activityType: { name: string } };
    };
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'tampered' }, historyFromJSON(tampered)),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
