import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import './pg-types';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Routes TypeORM's own messages to the service log; failed queries surface through the error filter. */
class NestTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');
  logQuery(): void {}
  logQueryError(): void {}
  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 500)}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

/** One data source definition, shared by the service and the migration CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    poolSize,
    maxQueryExecutionTime: 2000,
    logger: new NestTypeOrmLogger(),
    applicationName: 'channel-conflict-monitor',
    // Imports stage whole files in temporary tables: let them stay in memory (allocated only when used).
    // Connections opened for a burst stay open for five minutes: a new one pays for its server process, caches and
    // prepared statements on its first requests, which under steady load turns every burst into a stall.
    extra: { connectionTimeoutMillis: 5000, idleTimeoutMillis: 300_000, options: '-c temp_buffers=256MB' },
    // The pool must never crash the process when the database goes away.
    poolErrorHandler: (error: Error) => new Logger('Database').warn(`connection error: ${error.message}`),
  };
}
