import { DataSource } from 'typeorm';
import { loadEnvironment } from '../config/configuration';
import { dataSourceOptions } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * The data source for the TypeORM CLI (npm run migration:run / migration:generate).
 * Without DATABASE_URL it starts the embedded cluster under DATA_DIR, as the service does.
 */
async function createCliDataSource(): Promise<DataSource> {
  const env = loadEnvironment();
  const url = env.DATABASE_URL ?? (await startEmbeddedPostgres(env.DATA_DIR)).url;
  return new DataSource(dataSourceOptions(url));
}

export default createCliDataSource();
