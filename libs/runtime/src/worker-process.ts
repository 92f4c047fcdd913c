import { join } from 'node:path';
import { projectRoot } from './config';

/**
 * V8's young generation for the worker, in MB per semi-space: Node 20's size. Node 24 (the
 * production image's, and the project's) sizes it from the machine's memory, larger; on a 24 GiB
 * machine the worker's RSS after opening 10,000 cases read 464 MB with Node 24's own size against
 * 384 MB with 16 (`BENCH_CONCURRENCY=32 BENCH_ROUNDS=1 make bench-engine ARGS=engine`), for the
 * same throughput. The issue's bound is 500 MB.
 */
export const WORKER_SEMI_SPACE_MB = 16;

/**
 * node's options for a worker process: the young generation's size (WORKER_SEMI_SPACE_MB) and the
 * preload that sets up the SDK's workflow threads (apps/worker/src/workflow-threads.cjs; the build
 * copies it beside dist/apps/worker/main.js). Every launcher of the worker passes them: `make
 * start`, the cluster, compose (docker/compose.yaml writes them out), the tests, the benchmarks.
 */
export function workerNodeOptions(from: 'dist' | 'source' = 'dist', root = projectRoot()): string[] {
  const preload =
    from === 'dist'
      ? join(root, 'dist', 'apps', 'worker', 'workflow-threads.cjs')
      : join(root, 'apps', 'worker', 'src', 'workflow-threads.cjs');
  return [`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`, '--require', preload];
}

/** node's arguments for the built worker: its options, then dist/apps/worker/main.js. */
export function builtWorkerArgs(root = projectRoot()): string[] {
  return [...workerNodeOptions('dist', root), join(root, 'dist', 'apps', 'worker', 'main.js')];
}
