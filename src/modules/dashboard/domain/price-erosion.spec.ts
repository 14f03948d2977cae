import { bucketPrice, priceBucket } from '../../../common/money/price-bucket';
import { mergePriceErosion, ObservedRow, SoldRow } from './price-erosion';

const sold = (province: string, line: string, units: number, price: number): SoldRow => ({
  province_code: province,
  product_line: line,
  units: String(units),
  median_bucket: priceBucket(price),
});
const observed = (province: string, line: string, sightings: number, extra: Partial<ObservedRow> = {}): ObservedRow => ({
  province_code: province,
  product_line: line,
  sightings,
  sighting_median: sightings > 0 ? '3.2000' : null,
  units_below: '0',
  sightings_below: 0,
  ...extra,
});

describe('mergePriceErosion', () => {
  it('gives what was sold or sighted, each with what the others say or zeros and nulls', () => {
    const items = mergePriceErosion(
      [sold('360000', 'snacks', 150, 8)],
      [observed('360000', 'snacks', 0, { units_below: '150' }), observed('360000', 'beverages', 2, { sightings_below: 1 })],
      [{ province_code: '360000', product_line: 'snacks', distributor_floor: '10.5000', retail_floor: null }],
    );
    expect(items).toEqual([
      {
        regionCode: '360000',
        productLine: 'beverages',
        sales: { units: 0, medianPrice: null, unitsBelowFloor: 0, shareBelowFloorPercent: null },
        sightings: { count: 2, medianPrice: '3.20', belowFloor: 1, shareBelowFloorPercent: 50 },
        floors: { distributor: null, retail: null },
      },
      {
        regionCode: '360000',
        productLine: 'snacks',
        sales: { units: 150, medianPrice: bucketPrice(priceBucket(8)), unitsBelowFloor: 150, shareBelowFloorPercent: 100 },
        sightings: { count: 0, medianPrice: null, belowFloor: 0, shareBelowFloorPercent: null },
        floors: { distributor: '10.50', retail: null },
      },
    ]);
  });

  it('leaves out what only went below a floor, with nothing sold or sighted, and floors alone', () => {
    const items = mergePriceErosion(
      [],
      [observed('350000', 'snacks', 0, { units_below: '5' })],
      [{ province_code: '350000', product_line: 'snacks', distributor_floor: '10.0000', retail_floor: '12.0000' }],
    );
    expect(items).toEqual([]);
  });

  it('orders by province, then line, byte by byte as PostgreSQL (C.UTF-8) does', () => {
    // U+FF08 (fullwidth parenthesis) sorts before U+1F36A (a cookie) by code point, after it by UTF-16 code unit.
    const items = mergePriceErosion(
      [sold('360000', '（散装）饼干', 1, 5), sold('360000', '🍪', 1, 5), sold('350000', 'snacks', 1, 5), sold('360000', 'nuts', 1, 5)],
      [observed('330000', 'tea', 1)],
      [],
    );
    expect(items.map((item) => `${item.regionCode}/${item.productLine}`)).toEqual([
      '330000/tea',
      '350000/snacks',
      '360000/nuts',
      '360000/（散装）饼干',
      '360000/🍪',
    ]);
  });
});
