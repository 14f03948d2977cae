import type { EntityManager } from 'typeorm';
import { DistributorsError } from '../distributors.errors';
import { EXCLUSIVE_CONFLICTS_SQL } from './exclusive-conflicts.sql';

interface ConflictRow {
  grant_id: string;
  id: string;
  distributor_code: string;
  region_code: string;
  product_line: string | null;
  channel: string | null;
  valid_from: string;
  valid_to: string | null;
}

/** Refuses, with 409 naming each overlapped grant, when any of these grants overlaps another distributor's exclusive grant. */
export async function assertNoExclusiveConflict(manager: EntityManager, grantIds: string[], because?: string): Promise<void> {
  if (grantIds.length === 0) return;
  const conflicts: ConflictRow[] = await manager.query(EXCLUSIVE_CONFLICTS_SQL, [grantIds]);
  if (conflicts.length === 0) return;
  const first = conflicts[0];
  throw new DistributorsError(
    'TERRITORY_EXCLUSIVE_CONFLICT',
    `${because ? `${because}: ` : ''}the exclusive grant ${first.grant_id} would overlap ${first.distributor_code}'s exclusive grant ${first.id} on ${first.region_code}` +
      ` (${first.product_line ?? 'all lines'}, ${first.channel ?? 'all channels'}, ${first.valid_from} to ${first.valid_to ?? 'open-ended'})`,
    {
      conflicts: conflicts.map((row) => ({
        grantId: row.grant_id,
        grantIndex: grantIds.indexOf(row.grant_id),
        conflictingGrant: {
          id: row.id,
          distributorCode: row.distributor_code,
          regionCode: row.region_code,
          productLine: row.product_line,
          channel: row.channel,
          validFrom: row.valid_from,
          validTo: row.valid_to,
        },
      })),
    },
  );
}
