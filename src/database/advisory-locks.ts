import type { EntityManager } from 'typeorm';

/** Transaction-level advisory locks that serialise writers whose checks span rows. */
export const ADVISORY_LOCKS = {
  /** Running migrations (session lock, see migrate.ts). */
  migrations: 727_100_001,
  /** Seeding the first admin. */
  initialAdmin: 727_100_002,
  /** Changing who is an active admin: the last one must stay. */
  adminRoles: 727_100_003,
  /**
   * Anything that can make exclusive grants overlap: grants, distributor parents, the region tree.
   * Detection holds it shared (lockSharedForTransaction): its statements read the grants one after
   * another, and must all see the same ones.
   */
  territories: 727_100_010,
  /** The packaging hierarchy: packing codes is checked for loops against the whole of it. */
  codePacking: 727_100_011,
  /**
   * Writing price_yearly (the triggers on price_monthly, see its migration): an upsert of months fires two
   * statements on the years (rows inserted, rows updated), each in key order but not together, so two
   * intakes could lock the same years in opposite orders. Held to the end of the transaction.
   */
  priceYearly: 727_100_020,
} as const;

export async function lockForTransaction(manager: EntityManager, key: number): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

/** Shared with other holders of the shared lock, exclusive of lockForTransaction on the same key. */
export async function lockSharedForTransaction(manager: EntityManager, key: number): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [key]);
}
