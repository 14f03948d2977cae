import type { DataSource } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks';

// Serialises migrations across service instances starting at the same time.
const MIGRATION_LOCK_KEY = ADVISORY_LOCKS.migrations;

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
