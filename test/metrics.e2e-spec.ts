import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/create-app';
import { HttpMetrics } from '../apps/api/src/metrics/http-metrics';
import { builtWorkerArgs, freePort } from '@app/runtime';
import { eventually } from './support/system';

const scrape = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return { status: res.status, text: await res.text() };
};

/** Prometheus metrics an operator alerts on: API latency by route and status, the worker's SDK metrics and backlog. */
describe('metrics', () => {
  describe('API', () => {
    let app: NestExpressApplication;
    let metricsServer: import('node:http').Server;
    let port: number;

    beforeAll(async () => {
      const metrics = new HttpMetrics({ processMetrics: false, labels: { process: 'api-test' } });
      app = await createApiApp(process.env.DATABASE_URL!, { logger: false, metrics });
      await app.init();
      port = await freePort();
      metricsServer = await metrics.listen(port, '127.0.0.1');
    });
    afterAll(async () => {
      await new Promise((r) => metricsServer.close(r));
      await app.close();
    });

    it('times requests by route template and status, without ids in the labels', async () => {
      const id = randomUUID();
      // No worker polls this app's task queue, so health answers 503 (degraded): any status will do here.
      await request(app.getHttpServer()).get('/api/health').expect(503);
      await request(app.getHttpServer()).get(`/api/cases/${id}`).expect(401);
      const { status, text } = await scrape(port);
      expect(status).toBe(200);
      expect(text).toMatch(
        /yiyang_http_request_duration_seconds_count\{process="api-test",method="GET",route="\/api\/health",status="503"\} 1/,
      );
      expect(text).toMatch(
        /yiyang_http_request_duration_seconds_count\{process="api-test",method="GET",route="\/api\/cases\/:id",status="401"\} 1/,
      );
      expect(text).not.toContain(id);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    });
  });

  describe('worker process', () => {
    let worker: ChildProcess;
    let port: number;
    const taskQueue = `metrics-${randomUUID()}`;

    beforeAll(async () => {
      const main = join(__dirname, '..', 'dist', 'apps', 'worker', 'main.js');
      if (!existsSync(main)) throw new Error('dist/apps/worker/main.js is missing: run `npm run build` first (scripts/test.sh does)');
      port = await freePort();
      worker = spawn(process.execPath, builtWorkerArgs(), {
        env: {
          ...process.env,
          TEMPORAL_TASK_QUEUE: taskQueue,
          YIYANG_METRICS_PORT: String(port),
          YIYANG_PROCESS_NAME: 'worker-test',
          LOG_LEVEL: 'error',
        },
        stdio: 'ignore',
      });
    });
    afterAll(async () => {
      if (worker.exitCode === null) {
        const exited = new Promise((r) => worker.once('exit', r));
        worker.kill('SIGTERM');
        await exited;
      }
    });

    it('serves the Temporal SDK metrics for its task queue and the reconciliation backlog', async () => {
      const text = await eventually(
        async () => {
          const { text } = await scrape(port);
          return text.includes('yiyang_reconciliation_backlog') && text.includes(`task_queue="${taskQueue}"`) ? text : undefined;
        },
        60000,
        'worker metrics',
      );
      expect(text).toMatch(
        new RegExp(`temporal_num_pollers\\{[^}]*poller_type="workflow_task"[^}]*task_queue="${taskQueue}"[^}]*\\} [1-9]`),
      );
      expect(text).toMatch(/yiyang_reconciliation_backlog\{kind="case_start",process="worker-test"\} \d+/);
      expect(text).toMatch(/yiyang_reconciliation_backlog\{kind="calendar_recount",process="worker-test"\} \d+/);
    });
  });
});
