import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

// PostgreSQL takes at most 65,535 parameters per statement; stay well below it.
const MAX_PARAMETERS = 30_000;

/** Inserts many rows in as few statements as the parameter limit allows; returns their ids in order. */
export async function insertInChunks<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: Array<QueryDeepPartialEntity<E>>,
): Promise<ObjectLiteral[]> {
  if (rows.length === 0) return [];
  const columns = Math.max(1, Object.keys(rows[0]).length);
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  const identifiers: ObjectLiteral[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const result = await manager.insert(target, rows.slice(start, start + size));
    identifiers.push(...result.identifiers);
  }
  return identifiers;
}
