import type { Actor } from './roles';

/** The distributor a caller is confined to, or null when it may see every distributor. */
export function distributorScope(actor: Actor): string | null {
  return actor.role === 'distributor' ? actor.distributorCode : null;
}

/** Whether the caller may see this distributor's data; out of scope answers the same 404 as missing. */
export function canSeeDistributor(actor: Actor, distributorCode: string): boolean {
  const scope = distributorScope(actor);
  return scope === null || scope === distributorCode;
}
