import { ConsoleLogger, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadEnvironment } from './config/configuration';
import { EnvironmentError } from './config/environment';
import { configureApp } from './configure-app';
import { EmbeddedDatabase, EmbeddedPostgresError, startEmbeddedPostgres } from './database/embedded-postgres';

// JSON lines from the first message on; the service's pino logger takes over once the app exists.
Logger.overrideLogger(new ConsoleLogger({ json: true, colors: false }));
const logger = new Logger('Main');
let app: INestApplication | undefined;
let embedded: EmbeddedDatabase | undefined;
let stopping = false;

/** Close the service first (requests, pool), then the embedded cluster, so no postgres process outlives us. */
async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    logger.log(`${reason}: shutting down`);
    await app?.close().catch((error: Error) => logger.error(`while closing: ${error.message}`));
    await embedded?.stop().catch((error: Error) => logger.error(`while stopping PostgreSQL: ${error.message}`));
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(signal, 0));
}

async function bootstrap(): Promise<void> {
  const env = loadEnvironment();
  if (!env.DATABASE_URL) embedded = await startEmbeddedPostgres(env.DATA_DIR);
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  app = await NestFactory.create(AppModule.forRoot({ databaseUrl }), { bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.listen(env.PORT, env.HOST);
  const base = `http://localhost:${env.PORT}`;
  logger.log(`Channel conflict monitor listening on ${base}/api/v1 (OpenAPI: ${base}/docs, health: ${base}/api/v1/health)`);
}

bootstrap().catch((error: unknown) => {
  const expected = error instanceof EnvironmentError || error instanceof EmbeddedPostgresError;
  logger.error(expected ? (error as Error).message : error);
  void shutdown('start-up failed', 1);
});
