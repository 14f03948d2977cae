import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Pool, PoolClient } from 'pg';

/**
 * Runs a statement as a named prepared statement: each connection plans it
 * once instead of on every call. For the hot statements whose SQL is long
 * next to their execution (territory check, applicable floor, code trace,
 * a sighting's detection). Given a DataSource it runs straight on the pool;
 * given a transaction's EntityManager, on that transaction's connection.
 * Failures come back as TypeORM's QueryFailedError, as from manager.query,
 * so the error filter maps them the same way.
 */
export async function preparedQuery<T>(on: DataSource | EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = on instanceof EntityManager ? await transactionClient(on) : (on.driver as unknown as { master: Pool }).master;
  try {
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

async function transactionClient(manager: EntityManager): Promise<PoolClient> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('preparedQuery on an EntityManager needs one inside a transaction');
  return (await runner.connect()) as PoolClient;
}
