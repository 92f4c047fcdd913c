import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { JsonLogger } from '@app/runtime';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { createValidationPipe } from './common/validation';
import { API_PREFIX, createApiDocument } from './openapi-document';
import type { HttpMetrics } from './metrics/http-metrics';

export { API_PREFIX };
export const DOCS_PATH = 'api/docs';

/** Builds the HTTP app exactly as production runs it; e2e tests use the same function. */
export async function createApiApp(
  databaseUrl: string,
  opts: { logger?: JsonLogger | false; metrics?: HttpMetrics } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(databaseUrl), {
    logger: opts.logger === undefined ? new JsonLogger('api') : opts.logger,
    bodyParser: false,
  });
  if (opts.metrics) app.use(opts.metrics.middleware());
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  SwaggerModule.setup(DOCS_PATH, app, () => createApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
