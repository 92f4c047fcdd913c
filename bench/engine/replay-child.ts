/**
 * Replays recorded case histories in this process's workflow thread and reports the CPU it took
 * (every thread of the process), over IPC: `REPLAY_FILES` (comma-separated), `REPLAY_TIMES`. Run
 * by the engine benchmark's `workflow-cpu` section with and without the worker's preload.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, yiyangDataConverter } from '@app/runtime';

export interface ReplayReport {
  file: string;
  events: number;
  cpuMsPerReplay: number;
}

async function main(): Promise<ReplayReport[]> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const times = Number(process.env.REPLAY_TIMES ?? 50);
  const dataConverter = yiyangDataConverter(loadConfig().payloadKeys);
  const workflowBundle = { codePath: process.env.YIYANG_WORKFLOW_BUNDLE! };
  const reports: ReplayReport[] = [];
  for (const file of process.env.REPLAY_FILES!.split(',')) {
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    const histories = async function* () {
      for (let i = 0; i <= times; i++) yield { workflowId: `replay-${i}`, history };
    };
    // The first replay (which starts the replay worker, its thread and the bundle) is not measured.
    let before: NodeJS.CpuUsage | null = null;
    for await (const r of Worker.runReplayHistories({ workflowBundle, dataConverter, replayName: basename(file) }, histories())) {
      if (r.error) throw r.error;
      before ??= process.cpuUsage();
    }
    const used = process.cpuUsage(before!);
    reports.push({ file: basename(file), events: history.events?.length ?? 0, cpuMsPerReplay: (used.user + used.system) / 1000 / times });
  }
  return reports;
}

void main().then(
  (reports) => process.send!(reports, () => process.exit(0)),
  (err: unknown) => {
    process.stderr.write(`replay failed: ${String(err)}\n`);
    process.exit(1);
  },
);
