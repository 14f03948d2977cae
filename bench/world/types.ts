import type { FloorTerms } from '../../src/modules/catalog/domain/floor-precedence';
import type { GrantTerms, PermitTerms } from '../../src/modules/distributors/domain/coverage';

export type RegionLevel = 'country' | 'province' | 'city' | 'district';

/** A row of `PUT /regions`. */
export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel;
}

/** `POST /distributors` as sent. */
export interface DistributorRow {
  code: string;
  name: string;
  tier: string;
  parentCode?: string;
  homeRegionCode: string;
  status: 'active' | 'suspended' | 'terminated';
}

/** `POST /distributors/:code/territories` item as sent. */
export interface GrantPayload {
  regionCode: string;
  productLine?: string;
  channel?: string;
  validFrom: string;
  validTo?: string;
  exclusive: boolean;
}

export interface ProductRow {
  sku: string;
  name: string;
  productLine: string;
  gtin?: string;
  unit?: string;
}

/** `POST /price-floors` item as sent. */
export interface FloorPayload {
  sku?: string;
  productLine?: string;
  regionCode?: string;
  channel?: string;
  level: 'distributor' | 'retail';
  minUnitPrice: string;
  validFrom: string;
  validTo?: string;
}

/** `POST /transfer-permits` as sent; `revoked` is the loader's cue to revoke it afterwards (never sent). */
export interface PermitRow {
  distributorCode: string;
  regionCode: string;
  productLine?: string;
  sku?: string;
  validFrom: string;
  validTo: string;
  maxQuantity?: number;
  reason: string;
  revoked?: boolean;
}

export interface ReportEntry {
  distributorCode: string;
  reportRef: string;
  /** Relative to the world folder. */
  file: string;
  lines: number;
}

/** world.json: everything the loader sends, in load order. */
export interface World {
  seed: number;
  period: { from: string; to: string };
  regions: RegionRow[];
  distributors: DistributorRow[];
  grants: Record<string, GrantPayload[]>;
  products: ProductRow[];
  floors: FloorPayload[];
  permits: PermitRow[];
  reports: ReportEntry[];
  /** Relative to the world folder. */
  shipmentFiles: string[];
}

/** One generated sales line, as written to its report's CSV. */
export interface SalesLine {
  lineNo: number;
  saleDate: string;
  sku: string;
  quantity: number;
  unitPrice: string;
  channel: string | null;
  customerRef: string;
  shipToRegionCode: string;
  lot: string;
  serial: string;
}

export type ViolationType = 'OUT_OF_TERRITORY' | 'BELOW_FLOOR';

/** One row of ground-truth.csv. */
export interface ExpectedViolation {
  distributorCode: string;
  reportRef: string;
  lineNo: number;
  type: ViolationType;
  status: 'active' | 'permitted';
  /** BELOW_FLOOR only. */
  floorPrice: string | null;
  /** OUT_OF_TERRITORY only, sorted. */
  victims: string[];
}

export const GROUND_TRUTH_COLUMNS = ['distributor_code', 'report_ref', 'line_no', 'type', 'status', 'floor_price', 'victims'] as const;
// The service's own column lists: the generated files are what the service reads.
export { SALES_COLUMNS } from '../../src/modules/sales-reports/sales-staging.sql';
export { SHIPMENT_COLUMNS } from '../../src/modules/shipments/shipment-staging.sql';

/** The payloads in the shapes the pure rules take. */
export function toGrantTerms(distributorCode: string, grant: GrantPayload, index: number): GrantTerms {
  return {
    id: `${distributorCode}#${index}`,
    distributorCode,
    regionCode: grant.regionCode,
    productLine: grant.productLine ?? null,
    channel: grant.channel ?? null,
    validFrom: grant.validFrom,
    validTo: grant.validTo ?? null,
    exclusive: grant.exclusive,
  };
}

export function toFloorTerms(floor: FloorPayload, index: number): FloorTerms {
  return {
    id: `floor#${index}`,
    sku: floor.sku ?? null,
    productLine: floor.productLine ?? null,
    regionCode: floor.regionCode ?? null,
    channel: floor.channel ?? null,
    level: floor.level,
    minUnitPrice: floor.minUnitPrice,
    validFrom: floor.validFrom,
    validTo: floor.validTo ?? null,
  };
}

export function toPermitTerms(permit: PermitRow, index: number): PermitTerms {
  return {
    id: `permit#${index}`,
    distributorCode: permit.distributorCode,
    regionCode: permit.regionCode,
    productLine: permit.productLine ?? null,
    sku: permit.sku ?? null,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
    revoked: permit.revoked === true,
  };
}
