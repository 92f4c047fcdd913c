import { createServer, type Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one API process: request latency by method, route template and status
 * (the `_count` series doubles as the request counter, e.g. for a 5xx alert) and Node's process
 * metrics. Labels carry the route template (`/api/cases/:id`), never the raw path: no ids in
 * metrics, and a bounded number of series.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(opts: { processMetrics?: boolean; labels?: Record<string, string> } = {}) {
    if (opts.labels) this.registry.setDefaultLabels(opts.labels);
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'yiyang_http_request_duration_seconds',
      help: 'API request latency by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
  }

  /** Express middleware: times every request until its response is finished. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.duration.startTimer();
      res.once('finish', () => end({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }));
      next();
    };
  }

  /** Serves `/metrics` on its own port, apart from the public API (scraped inside the network). */
  listen(port: number, host = '0.0.0.0'): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}

function routeTemplate(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  return route ? `${req.baseUrl ?? ''}${route}` : 'unmatched';
}

/** YIYANG_METRICS_PORT: where this process serves Prometheus metrics; unset, none are served. */
export function metricsPort(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.YIYANG_METRICS_PORT;
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error('YIYANG_METRICS_PORT must be a port number');
  return n;
}
