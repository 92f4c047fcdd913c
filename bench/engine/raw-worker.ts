/**
 * The raw engine's worker, as its own process so its CPU and memory are measured like Yiyang's:
 * `TEMPORAL_ADDRESS`, `RAW_TASK_QUEUE`, `RAW_MAX_CACHED_WORKFLOWS`. Stops on SIGTERM.
 */
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { rawActivities } from './raw.activities';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const cached = process.env.RAW_MAX_CACHED_WORKFLOWS;
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.RAW_TASK_QUEUE ?? 'bench-raw',
    ...(process.env.RAW_WORKFLOW_BUNDLE
      ? { workflowBundle: { codePath: process.env.RAW_WORKFLOW_BUNDLE } }
      : { workflowsPath: require.resolve('./raw.workflows') }),
    activities: rawActivities,
    ...(cached ? { maxCachedWorkflows: Number(cached) } : {}),
  });
  process.once('SIGTERM', () => worker.shutdown());
  process.send?.('ready');
  await worker.run();
  await connection.close();
}

void main().catch((err: unknown) => {
  process.stderr.write(`raw worker failed: ${String(err)}\n`);
  process.exit(1);
});
