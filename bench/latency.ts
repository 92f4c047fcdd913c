import { Agent, request } from 'node:http';

export interface HttpResult {
  status: number;
  body: string;
}

/** One keep-alive connection, like a browser talking to the API: latency is the server's, not TCP setup. */
export function createHttpClient(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method: string, path: string, token?: string, body?: unknown): Promise<HttpResult> {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: {
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
              ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples (NaN when there are none); every benchmark uses this one. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

export function summarize(samplesMs: number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    max: sorted[sorted.length - 1],
  };
}

/**
 * Sequential requests (one at a time): warm-up first, then `n` timed ones. Any non-2xx response
 * aborts the run. With `pauseMs`, each timed request follows that much quiet, as a person's single
 * request does (on this VM an idle moment slows the next request's every process hop: a `SELECT 1`
 * takes 0.2 ms back-to-back and ~4 ms after 250 ms of quiet).
 */
export async function measure(run: () => Promise<HttpResult>, warmup: number, n: number, pauseMs = 0): Promise<LatencyStats> {
  const check = (r: HttpResult) => {
    if (r.status < 200 || r.status >= 300) throw new Error(`unexpected HTTP ${r.status}: ${r.body.slice(0, 300)}`);
  };
  for (let i = 0; i < warmup; i++) check(await run());
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const started = process.hrtime.bigint();
    const r = await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    check(r);
  }
  return summarize(samples);
}
