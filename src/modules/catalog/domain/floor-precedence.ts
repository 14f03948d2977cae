import { isWithin } from '../../../common/dates/business-date';
import type { Ancestry } from '../../regions/domain/ancestry';
import type { FloorLevel } from '../price-floor.entity';

export interface FloorTerms {
  id: string;
  sku: string | null;
  productLine: string | null;
  regionCode: string | null;
  channel: string | null;
  level: FloorLevel;
  minUnitPrice: string;
  validFrom: string;
  validTo: string | null;
}

export interface PricedSale {
  sku: string;
  productLine: string;
  regionCode: string;
  channel: string | null;
  level: FloorLevel;
  date: string;
}

export function floorMatches(floor: FloorTerms, sale: PricedSale, ancestry: Ancestry): boolean {
  return (
    floor.level === sale.level &&
    (floor.sku !== null ? floor.sku === sale.sku : floor.productLine === sale.productLine) &&
    (floor.regionCode === null || ancestry.has(floor.regionCode)) &&
    (floor.channel === null || floor.channel === sale.channel) &&
    isWithin(sale.date, floor.validFrom, floor.validTo)
  );
}

/** Larger is more specific: SKU over line, then the deeper region (none = shallowest), then channel-specific over all-channel. */
function specificity(floor: FloorTerms, ancestry: Ancestry): [number, number, number] {
  return [floor.sku !== null ? 1 : 0, floor.regionCode === null ? -1 : ancestry.get(floor.regionCode)!, floor.channel !== null ? 1 : 0];
}

/** The most specific matching floor valid on the day; null means no price check. */
export function applicableFloor<F extends FloorTerms>(floors: readonly F[], sale: PricedSale, ancestry: Ancestry): F | null {
  let best: F | null = null;
  let bestRank: [number, number, number] | null = null;
  for (const floor of floors) {
    if (!floorMatches(floor, sale, ancestry)) continue;
    const rank = specificity(floor, ancestry);
    if (bestRank === null || compareRank(rank, bestRank) > 0) {
      best = floor;
      bestRank = rank;
    }
  }
  return best;
}

function compareRank(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
