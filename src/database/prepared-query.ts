import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';

/**
 * Runs a read-only statement as a named prepared statement, straight on the
 * pool: each connection plans it once instead of on every call. For the hot
 * lookups whose SQL is long next to their execution (territory check,
 * applicable floor); not for anything inside a transaction.
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
