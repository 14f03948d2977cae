import { applicableFloor, FloorTerms } from '../../src/modules/catalog/domain/floor-precedence';
import { coveringPermits, GrantTerms, isInTerritory, PermitTerms, SaleContext, victimsOf } from '../../src/modules/distributors/domain/coverage';
import { formatDecimal, isBelow } from '../../src/common/money/money';
import type { RegionTree } from './regions';
import { ExpectedViolation, FloorPayload, GrantPayload, PermitRow, SalesLine, toFloorTerms, toGrantTerms, toPermitTerms } from './types';
import { pushTo } from './collections';

/**
 * The expected outcome of a sales line, from the repository's own pure rules
 * (DESIGN §4/§5) on the line as written. The indexes only narrow the lists
 * the rules scan; the rules decide.
 */
export class RuleBook {
  private readonly grantsByDistributor = new Map<string, GrantTerms[]>();
  private readonly grantsByRegion = new Map<string, GrantTerms[]>();
  private readonly permitsByDistributor = new Map<string, PermitTerms[]>();
  private readonly floorsByTarget = new Map<string, FloorTerms[]>();
  private readonly floorsBySku = new Map<string, FloorTerms[]>();

  constructor(
    private readonly tree: RegionTree,
    private readonly lineOf: ReadonlyMap<string, string>,
    grants: Record<string, GrantPayload[]>,
    floors: readonly FloorPayload[],
    permits: readonly PermitRow[],
  ) {
    for (const [code, payloads] of Object.entries(grants)) {
      const terms = payloads.map((payload, index) => toGrantTerms(code, payload, index));
      this.grantsByDistributor.set(code, terms);
      for (const grant of terms) pushTo(this.grantsByRegion, grant.regionCode, grant);
    }
    permits.forEach((permit, index) => pushTo(this.permitsByDistributor, permit.distributorCode, toPermitTerms(permit, index)));
    floors.forEach((floor, index) => {
      // Sales lines are checked against the distributor level only.
      if (floor.level !== 'distributor') return;
      const terms = { ...toFloorTerms(floor, index), minUnitPrice: formatDecimal(floor.minUnitPrice) };
      pushTo(this.floorsByTarget, floor.sku ? `sku:${floor.sku}` : `line:${floor.productLine}`, terms);
    });
  }

  saleOf(line: Pick<SalesLine, 'sku' | 'channel' | 'shipToRegionCode' | 'saleDate'>): SaleContext {
    const productLine = this.lineOf.get(line.sku);
    if (!productLine) throw new Error(`no product ${line.sku}`);
    return { sku: line.sku, productLine, channel: line.channel, regionCode: line.shipToRegionCode, date: line.saleDate };
  }

  inTerritory(distributorCode: string, sale: SaleContext): boolean {
    return isInTerritory(this.grantsByDistributor.get(distributorCode) ?? [], distributorCode, sale, this.tree.ancestry(sale.regionCode));
  }

  permitted(distributorCode: string, sale: SaleContext): boolean {
    return coveringPermits(this.permitsByDistributor.get(distributorCode) ?? [], distributorCode, sale, this.tree.ancestry(sale.regionCode)).length > 0;
  }

  victims(distributorCode: string, sale: SaleContext): string[] {
    const ancestry = this.tree.ancestry(sale.regionCode);
    const candidates = [...ancestry.keys()].flatMap((code) => this.grantsByRegion.get(code) ?? []);
    return victimsOf(candidates, distributorCode, sale, ancestry);
  }

  /** The applicable distributor-level floor's price, or null: no price check. */
  floorPrice(sale: SaleContext): string | null {
    const floor = applicableFloor(this.floorsFor(sale), { ...sale, level: 'distributor' }, this.tree.ancestry(sale.regionCode));
    return floor ? floor.minUnitPrice : null;
  }

  expect(distributorCode: string, reportRef: string, line: SalesLine): ExpectedViolation[] {
    // A return is never a violation.
    if (line.quantity <= 0) return [];
    const sale = this.saleOf(line);
    const found: ExpectedViolation[] = [];
    const base = { distributorCode, reportRef, lineNo: line.lineNo };
    if (!this.inTerritory(distributorCode, sale)) {
      const status = this.permitted(distributorCode, sale) ? 'permitted' : 'active';
      found.push({ ...base, type: 'OUT_OF_TERRITORY', status, floorPrice: null, victims: this.victims(distributorCode, sale) });
    }
    const floor = this.floorPrice(sale);
    // Selling exactly at the floor is allowed.
    if (floor !== null && isBelow(line.unitPrice, floor)) {
      found.push({ ...base, type: 'BELOW_FLOOR', status: 'active', floorPrice: floor, victims: [] });
    }
    return found;
  }

  private floorsFor(sale: SaleContext): FloorTerms[] {
    let floors = this.floorsBySku.get(sale.sku);
    if (!floors) {
      floors = [...(this.floorsByTarget.get(`line:${sale.productLine}`) ?? []), ...(this.floorsByTarget.get(`sku:${sale.sku}`) ?? [])];
      this.floorsBySku.set(sale.sku, floors);
    }
    return floors;
  }
}
