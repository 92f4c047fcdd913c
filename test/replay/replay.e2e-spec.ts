import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { loadConfig, payloadKey, yiyangDataConverter } from '@app/runtime';
import { rawPayloadText } from '../support/history';

/**
 * Replays recorded case histories against today's workflow bundle: a change that would make
 * running cases non-deterministic fails here. Re-record only with a patched()/versioned change.
 */
describe('workflow replay of recorded histories', () => {
  const dir = join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const bundle = { codePath: process.env.YIYANG_WORKFLOW_BUNDLE! };
  // Histories recorded before payload encryption are read as they are; later ones with the test key.
  const dataConverter = yiyangDataConverter(loadConfig().payloadKeys);
  const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { events: Record<string, unknown>[] };

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, dataConverter, replayName: file }, historyFromJSON(load(file))),
    ).resolves.toBeUndefined();
  });

  it('detects a history the code would not produce (the check can fail)', async () => {
    const tampered = load(files[0]);
    const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes) as {
      activityTaskScheduledEventAttributes: { activityType: { name: string } };
    };
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, dataConverter, replayName: 'tampered' }, historyFromJSON(tampered)),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  it('reads an encrypted history only with the key it was written with', async () => {
    const encrypted = files.find((f) => !f.startsWith('unencrypted-'))!;
    expect(rawPayloadText(readFileSync(join(dir, encrypted), 'utf8'))).not.toContain('caseId');
    expect(rawPayloadText(readFileSync(join(dir, `unencrypted-${encrypted}`), 'utf8'))).toContain('caseId');
    const wrongKey = yiyangDataConverter([payloadKey(randomBytes(32).toString('base64'))]);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: bundle, dataConverter: wrongKey, replayName: 'wrong-key' },
        historyFromJSON(load(encrypted)),
      ),
    ).rejects.toThrow();
  });
});
