import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { projectRoot } from './config';
import { builtWorkerArgs, WORKER_SEMI_SPACE_MB, workerNodeOptions } from './worker-process';

describe('workerNodeOptions', () => {
  it.each([
    { from: 'dist' as const, preload: '/r/dist/apps/worker/workflow-threads.cjs' },
    { from: 'source' as const, preload: '/r/apps/worker/src/workflow-threads.cjs' },
  ])('sizes the young generation and preloads the workflow-thread setup ($from)', ({ from, preload }) => {
    expect(workerNodeOptions(from, '/r')).toEqual([`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`, '--require', preload]);
  });

  it('puts the options before the built worker', () => {
    expect(builtWorkerArgs('/r')).toEqual([...workerNodeOptions('dist', '/r'), '/r/dist/apps/worker/main.js']);
  });

  it("is what compose's worker runs (written out there, relative to the image's /app)", () => {
    const compose = load(readFileSync(join(projectRoot(), 'docker', 'compose.yaml'), 'utf8')) as {
      services: Record<string, { command?: string[] }>;
    };
    const relative = (arg: string) => arg.replace(/^\/app\//, './');
    expect(compose.services.worker.command).toEqual([
      'node',
      ...workerNodeOptions('dist', '/app').map(relative),
      'dist/apps/worker/main.js',
    ]);
  });
});
