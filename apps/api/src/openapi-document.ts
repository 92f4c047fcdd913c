import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';

export const API_PREFIX = 'api';

/** The OpenAPI document of an app: served at /api/docs-json and the source of the console's typed client. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Yiyang 颐养 API')
    .setDescription(
      'Workflow and approval engine for elderly-care subsidy and admission cases (经济困难老年人补贴, 护理补贴, 特困人员试住). ' +
        'Log in with POST /api/auth/login and send the token as "Authorization: Bearer <token>". Errors are { statusCode, code, message, fields? }.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * The document without a database or Temporal: Nest's preview mode resolves the module graph
 * but instantiates no provider, so nothing connects.
 */
export async function buildApiDocumentOffline(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot('postgres://offline.invalid/none'), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX);
  const doc = createApiDocument(app);
  await app.close();
  return doc;
}
