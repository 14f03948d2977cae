import { isWithin } from '../../../common/dates/business-date';
import type { Ancestry } from '../../regions/domain/ancestry';

export type { Ancestry };

export interface GrantTerms {
  id: string;
  distributorCode: string;
  regionCode: string;
  productLine: string | null;
  channel: string | null;
  validFrom: string;
  validTo: string | null;
  exclusive: boolean;
}

export interface PermitTerms {
  id: string;
  distributorCode: string;
  regionCode: string;
  productLine: string | null;
  sku: string | null;
  validFrom: string;
  validTo: string;
  revoked: boolean;
  /** Total units the permit covers; null or absent: no limit. */
  maxQuantity?: number | null;
  /** Units already recorded as permitted under it (absent: none). */
  usedQuantity?: number;
}

/** Where, what and when a sale (or a sighting) happened. */
export interface SaleContext {
  sku: string;
  productLine: string;
  /** null: unknown channel, which only all-channel terms cover. */
  channel: string | null;
  regionCode: string;
  date: string;
}

/** A grant covers a sale in its region or below, for its line (or all), its channel (or all), on a day it is valid. */
export function grantCovers(grant: GrantTerms, sale: SaleContext, ancestry: Ancestry): boolean {
  return (
    ancestry.has(grant.regionCode) &&
    (grant.productLine === null || grant.productLine === sale.productLine) &&
    (grant.channel === null || grant.channel === sale.channel) &&
    isWithin(sale.date, grant.validFrom, grant.validTo)
  );
}

/** The distributor's grants that cover the sale. */
export function coveringGrants<G extends GrantTerms>(grants: readonly G[], distributorCode: string, sale: SaleContext, ancestry: Ancestry): G[] {
  return grants.filter((grant) => grant.distributorCode === distributorCode && grantCovers(grant, sale, ancestry));
}

/** In territory iff the distributor holds a grant on the region or an ancestor, for the line and channel, valid that day. */
export function isInTerritory(grants: readonly GrantTerms[], distributorCode: string, sale: SaleContext, ancestry: Ancestry): boolean {
  return coveringGrants(grants, distributorCode, sale, ancestry).length > 0;
}

/** Live transfer permits letting the distributor sell this there that day: not revoked, not used up. */
export function coveringPermits<P extends PermitTerms>(permits: readonly P[], distributorCode: string, sale: SaleContext, ancestry: Ancestry): P[] {
  return permits.filter(
    (permit) =>
      !permit.revoked &&
      (permit.maxQuantity == null || (permit.usedQuantity ?? 0) < permit.maxQuantity) &&
      permit.distributorCode === distributorCode &&
      ancestry.has(permit.regionCode) &&
      (permit.sku === null || permit.sku === sale.sku) &&
      (permit.productLine === null || permit.productLine === sale.productLine) &&
      isWithin(sale.date, permit.validFrom, permit.validTo),
  );
}

/**
 * Victims of a sale in region R: the other distributors holding a grant that
 * covers it. Where several do, the one whose granted region is deepest is the
 * victim; ties share. Sorted by code.
 */
export function victimsOf(grants: readonly GrantTerms[], offenderCode: string | null, sale: SaleContext, ancestry: Ancestry): string[] {
  const depthByHolder = new Map<string, number>();
  for (const grant of grants) {
    if (grant.distributorCode === offenderCode || !grantCovers(grant, sale, ancestry)) continue;
    const depth = ancestry.get(grant.regionCode)!;
    depthByHolder.set(grant.distributorCode, Math.max(depth, depthByHolder.get(grant.distributorCode) ?? -1));
  }
  const deepest = Math.max(-1, ...depthByHolder.values());
  return [...depthByHolder]
    .filter(([, depth]) => depth === deepest)
    .map(([code]) => code)
    .sort();
}
