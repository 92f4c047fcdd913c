import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createLogger, redactText } from '@app/runtime';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller's X-Request-Id is kept when it is a plain token; otherwise each request gets a UUID. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * HTTP logs through nestjs-pino: one access line per request (method, path with ID numbers and
 * phones masked, status, time) and every log written while serving it carries the request id.
 * Never headers, query values beyond the masked path, or bodies.
 */
@Module({
  imports: [
    // Built with the app (not at import), after the entry point has configured where logs go.
    LoggerModule.forRootAsync({
      useFactory: () => ({
        pinoHttp: {
          logger: createLogger('api'),
          genReqId: requestId,
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactText(req.url) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customSuccessMessage: (req, res) => `${req.method} ${res.statusCode}`,
          customErrorMessage: (req, res) => `${req.method} ${res.statusCode}`,
        },
      }),
    }),
  ],
})
export class ApiLoggingModule {}
