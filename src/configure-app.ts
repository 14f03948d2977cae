import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { bodyParserErrorMiddleware } from './common/http/body-parser-errors';
import { ErrorResponseDto } from './common/http/error-response.dto';
import { jsonContentTypeMiddleware } from './common/http/json-content-type.middleware';
import { requestIdMiddleware } from './common/http/request-id.middleware';
import { createValidationPipe } from './common/validation/validation.pipe';
import { appConfig } from './config/configuration';

export const API_PREFIX = 'api/v1';

/** Everything main.ts and the e2e tests both need on top of the module graph. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  const config = app.get<{ jsonBodyLimit: string; corsOrigins: string[]; trustProxy: number }>(appConfig.KEY);
  express.useLogger(app.get(Logger));
  express.disable('x-powered-by');
  // Behind TRUST_PROXY proxies the client is the address they forwarded; otherwise X-Forwarded-For is ignored (it is anyone's to send).
  if (config.trustProxy > 0) express.set('trust proxy', config.trustProxy);
  express.use(requestIdMiddleware);
  express.use(jsonContentTypeMiddleware);
  express.useBodyParser('json', { limit: config.jsonBodyLimit });
  express.use(bodyParserErrorMiddleware);
  if (config.corsOrigins.length > 0) express.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id'] });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Channel Conflict Monitor')
    .setDescription(
      'Detect distributors dumping goods into other territories or selling below price floors, prove who did it, ' +
        'and work each case through investigation, supply cutoff, penalties and compensation.\n\n' +
        'Authenticate with `POST /api/v1/auth/login` and send `Authorization: Bearer <accessToken>`, or send an API key ' +
        'as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Errors share one shape (ErrorResponse). ' +
        'Lists take `limit` (default 50, max 1000) and `cursor`, and answer `{items, nextCursor}`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
}
