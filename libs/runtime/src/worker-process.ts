import { join } from 'node:path';
import { projectRoot } from './config';

/**
 * node's options for a worker process: the preload that sets up the SDK's workflow threads
 * (apps/worker/src/workflow-threads.cjs; the build copies it beside dist/apps/worker/main.js). Every
 * launcher of the worker passes them: `make start`, the cluster, compose, the tests, the benchmarks.
 */
export function workerNodeOptions(from: 'dist' | 'source' = 'dist', root = projectRoot()): string[] {
  const preload =
    from === 'dist'
      ? join(root, 'dist', 'apps', 'worker', 'workflow-threads.cjs')
      : join(root, 'apps', 'worker', 'src', 'workflow-threads.cjs');
  return ['--require', preload];
}

/** node's arguments for the built worker: its options, then dist/apps/worker/main.js. */
export function builtWorkerArgs(root = projectRoot()): string[] {
  return [...workerNodeOptions('dist', root), join(root, 'dist', 'apps', 'worker', 'main.js')];
}
