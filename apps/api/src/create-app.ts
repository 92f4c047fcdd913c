import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { JsonLogger } from '@app/runtime';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { createValidationPipe } from './common/validation';
import type { HttpMetrics } from './metrics/http-metrics';

export const API_PREFIX = 'api';
export const DOCS_PATH = 'api/docs';

/** Builds the HTTP app exactly as production runs it; e2e tests use the same function. */
export async function createApiApp(
  databaseUrl: string,
  opts: { logger?: JsonLogger | false; metrics?: HttpMetrics } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(databaseUrl), {
    // Nest's own messages go through nestjs-pino once the app exists (buffered until then).
    bufferLogs: opts.logger === undefined,
    ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    bodyParser: false,
  });
  if (opts.logger === undefined) app.useLogger(app.get(Logger));
  if (opts.metrics) app.use(opts.metrics.middleware());
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const doc = new DocumentBuilder()
    .setTitle('Yiyang 颐养 API')
    .setDescription(
      'Workflow and approval engine for elderly-care subsidy and admission cases (经济困难老年人补贴, 护理补贴, 特困人员试住). ' +
        'Log in with POST /api/auth/login and send the token as "Authorization: Bearer <token>". Errors are { statusCode, code, message, fields? }.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
