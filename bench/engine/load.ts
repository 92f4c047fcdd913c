import { percentile } from '../latency';

/** Percentiles, closed-loop concurrency and the HTTP requests of the engine benchmark's clients. */
export interface Stats {
  n: number;
  perSecond: number;
  p50: number;
  p95: number;
}

export function stats(samples: number[], wallMs: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, perSecond: (sorted.length / wallMs) * 1000, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/**
 * `concurrency` workers take items one at a time until `count` are done (a closed loop: each
 * simulated user sends its next request when the previous one answered). Returns latencies (ms)
 * and the wall time. Any failure aborts the run: a benchmark of errors measures nothing.
 */
export async function closedLoop(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      await op(i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { samples, wallMs: performance.now() - started };
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Merges the samples of several interleaved rounds of one measure. */
export function merge(rounds: { samples: number[]; wallMs: number }[]): Stats {
  return stats(
    rounds.flatMap((r) => r.samples),
    rounds.reduce((s, r) => s + r.wallMs, 0),
  );
}

/**
 * An open loop of `users` people who each send `perUser` requests, thinking between them for a
 * random time with mean `thinkMs` (exponential, so arrivals are Poisson-like, as with independent
 * people): the latency a user sees at that pace, not at saturation. Seeded, so runs compare.
 */
export async function pacedUsers(
  users: number,
  perUser: number,
  thinkMs: number,
  op: (i: number) => Promise<void>,
  seed = 1,
): Promise<{ samples: number[]; wallMs: number }> {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const think = () => new Promise<void>((resolve) => setTimeout(resolve, -Math.log(random()) * thinkMs));
  const samples: number[] = [];
  const started = performance.now();
  const user = async (u: number) => {
    await new Promise<void>((resolve) => setTimeout(resolve, random() * thinkMs));
    for (let k = 0; k < perUser; k++) {
      const t0 = performance.now();
      await op(u * perUser + k);
      samples.push(performance.now() - t0);
      await think();
    }
  };
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  return { samples, wallMs: performance.now() - started };
}

/** A request over the process's keep-alive fetch; its JSON answer, or an error naming `what` on a non-2xx status. */
export async function requestJson<T>(url: string, what: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
