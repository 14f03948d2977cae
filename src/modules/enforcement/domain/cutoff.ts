/** What decides whether a supply cutoff is in force. */
export interface CutoffTerms {
  type: string;
  startsAt: Date | null;
  endsAt: Date | null;
  liftedAt: Date | null;
}

/**
 * A cutoff is in force at a moment when it has started, has not reached its
 * planned end, and had not been lifted by then. The SQL twin is
 * CUTOFF_IN_FORCE (enforcement.sql.ts); both are checked on the same cases.
 */
export function isInForce(cutoff: CutoffTerms, at = new Date()): boolean {
  return (
    cutoff.type === 'supply_cutoff' &&
    (cutoff.liftedAt === null || cutoff.liftedAt.getTime() > at.getTime()) &&
    cutoff.startsAt !== null &&
    cutoff.startsAt.getTime() <= at.getTime() &&
    cutoff.endsAt !== null &&
    cutoff.endsAt.getTime() > at.getTime()
  );
}
