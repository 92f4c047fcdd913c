/**
 * The floor: what a design that meets issue 11's own requirements, its steps written by the
 * workflow as here, pays on this machine, and nothing else. An HTTP answer (node:http, no
 * framework, no login, no validation), one committed PostgreSQL row, and the Temporal call:
 * intake commits a row and then starts a raw workflow; a step sends an Update whose local
 * activity commits a row before the Update answers (the floor worker, `raw-worker.ts` with
 * FLOOR_DATABASE_URL), or (`writer: 'api'`) the API commits the row and then sends an Update with
 * no activity. Yiyang ÷ floor is what Yiyang's own code costs; floor ÷ raw is the best ratio such
 * a design can reach here.
 * Env: DATABASE_URL, TEMPORAL_ADDRESS, RAW_TASK_QUEUE, PORT. Stops on SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { FLOOR_TABLE } from './raw.activities';
import { rawStepUpdate } from './raw.workflows';

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function answer(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${FLOOR_TABLE} (id text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection });
  const taskQueue = process.env.RAW_TASK_QUEUE!;
  const server = createServer((req, res) => {
    void (async () => {
      const input = await body(req);
      if (req.method === 'POST' && req.url === '/intake') {
        const workflowId = `floor-${randomUUID()}`;
        await pool.query(`INSERT INTO ${FLOOR_TABLE} (id) VALUES ($1)`, [workflowId]);
        await client.workflow.start('rawCaseWorkflow', { workflowId, taskQueue, args: [Number(input.steps ?? 1)] });
        return answer(res, 201, { id: workflowId });
      }
      const step = /^\/step\/([\w-]+)$/.exec(req.url ?? '');
      if (req.method === 'POST' && step) {
        const byApi = input.writer === 'api';
        if (byApi) await pool.query(`INSERT INTO ${FLOOR_TABLE} (id) VALUES ($1)`, [randomUUID()]);
        const done = await client.workflow.getHandle(step[1]).executeUpdate(rawStepUpdate, { args: [byApi ? 'none' : 'local-write'] });
        return answer(res, 200, { done });
      }
      answer(res, 404, { error: 'not found' });
    })().catch((err: unknown) => answer(res, 500, { error: String(err) }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
  process.once('SIGTERM', () => {
    server.close();
    void Promise.all([pool.end(), connection.close()]).then(() => process.exit(0));
  });
}

void main().catch((err: unknown) => {
  process.stderr.write(`floor API failed: ${String(err)}\n`);
  process.exit(1);
});
