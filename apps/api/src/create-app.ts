import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { JsonLogger } from '@app/runtime';
import { AppModule, type AppOptions } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { useJsonBodies } from './common/body-parsing';
import { ControlCharactersPipe } from './common/control-characters.pipe';
import { createValidationPipe } from './common/validation';
import { API_PREFIX, createApiDocument } from './openapi-document';
import type { HttpMetrics } from './metrics/http-metrics';

export { API_PREFIX };
export const DOCS_PATH = 'api/docs';

/**
 * Security headers. The CSP allows only same-origin scripts (Swagger UI and a Vite-built console
 * load theirs from files, never inline); styles may be inline (both set style attributes). No
 * upgrade-insecure-requests: the API is served over plain HTTP on loopback or behind a proxy.
 */
const SECURITY_HEADERS = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  frameguard: { action: 'deny' },
});

/** Answers carry personal data: no browser or proxy may keep them. The docs' static files may be cached. */
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith(`/${DOCS_PATH}`)) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}

/** Builds the HTTP app exactly as production runs it; e2e tests use the same function. */
export async function createApiApp(
  databaseUrl: string,
  opts: { logger?: JsonLogger | false; metrics?: HttpMetrics } & AppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(databaseUrl, opts), {
    // Nest's own messages go through nestjs-pino once the app exists (buffered until then).
    bufferLogs: opts.logger === undefined,
    ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    bodyParser: false,
  });
  if (opts.logger === undefined) app.useLogger(app.get(Logger));
  if (opts.metrics) app.use(opts.metrics.middleware());
  app.disable('x-powered-by');
  app.use(SECURITY_HEADERS);
  app.use(noStore);
  useJsonBodies(app);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new ControlCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  SwaggerModule.setup(DOCS_PATH, app, () => createApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
