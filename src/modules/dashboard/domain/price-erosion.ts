import { formatDecimal } from '../../../common/money/money';
import { bucketPrice } from '../../../common/money/price-bucket';
import type { PriceErosionRowDto } from '../dto/dashboard.dto';

interface Keyed {
  province_code: string;
  product_line: string;
}
/** PRICE_EROSION_SQL.sales: units sold and the median's bucket. */
export interface SoldRow extends Keyed {
  units: string;
  median_bucket: number | null;
}
/** PRICE_EROSION_SQL.observed: sightings and their median, and what went below the floors. */
export interface ObservedRow extends Keyed {
  sightings: number;
  sighting_median: string | null;
  units_below: string;
  sightings_below: number;
}
/** PRICE_EROSION_SQL.floors. */
export interface FloorRow extends Keyed {
  distributor_floor: string | null;
  retail_floor: string | null;
}

const keyOf = (row: Keyed) => `${row.province_code}\u0000${row.product_line}`;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
const decimal = (value: string | null | undefined) => (value == null ? null : formatDecimal(value));

/**
 * One row per province and product line where something was sold or sighted,
 * in the byte order of (province, line) as PostgreSQL's C.UTF-8 sorts them,
 * with what the three statements say about it (nothing said: zero or null).
 */
export function mergePriceErosion(sold: SoldRow[], observed: ObservedRow[], floors: FloorRow[]): PriceErosionRowDto[] {
  const observedBy = new Map(observed.map((row) => [keyOf(row), row]));
  const floorsBy = new Map(floors.map((row) => [keyOf(row), row]));
  const soldBy = new Map(sold.map((row) => [keyOf(row), row]));
  const keys = new Map<string, Keyed>([...sold, ...observed.filter((row) => row.sightings > 0)].map((row) => [keyOf(row), row]));
  const ordered = [...keys].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return ordered.map(([key, { province_code: regionCode, product_line: productLine }]) => {
    const sales = soldBy.get(key);
    const seen = observedBy.get(key);
    const floor = floorsBy.get(key);
    const units = Number(sales?.units ?? 0);
    const unitsBelow = Number(seen?.units_below ?? 0);
    const sightings = seen?.sightings ?? 0;
    const sightingsBelow = seen?.sightings_below ?? 0;
    return {
      regionCode,
      productLine,
      sales: {
        units,
        medianPrice: sales?.median_bucket == null ? null : bucketPrice(sales.median_bucket),
        unitsBelowFloor: unitsBelow,
        shareBelowFloorPercent: share(unitsBelow, units),
      },
      sightings: {
        count: sightings,
        medianPrice: decimal(seen?.sighting_median),
        belowFloor: sightingsBelow,
        shareBelowFloorPercent: share(sightingsBelow, sightings),
      },
      floors: { distributor: decimal(floor?.distributor_floor), retail: decimal(floor?.retail_floor) },
    };
  });
}
