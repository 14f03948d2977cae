import { priceBucket } from '../../common/money/price-bucket';
import { SalesTally } from './sales-tally';

const record = (text: string) => {
  const buf = Buffer.from(`xx${text}yy`);
  return [buf, 2, 2 + Buffer.byteLength(text)] as const;
};
const lines = new Map([
  ['SNK-001', 'snacks'],
  ['SNK,001', 'snacks'],
  ['花生-500g', 'nuts'],
]);
const provinces = new Map([
  ['360102', '360000'],
  ['360100', '360000'],
  ['330106', '330000'],
]);

describe('SalesTally', () => {
  it('tallies units by month and SKU, and units sold by month, province, SKU and price bucket, returns netted and left out of prices', () => {
    const tally = new SalesTally(provinces, lines);
    tally.addRecord(...record('1,2026-05-12,SNK-001,100,8.00,,,360102,,'), false);
    tally.addRecord(...record('2,2026-05-31,SNK-001,-20,8.00,,,360102,,'), false);
    tally.addRecord(...record('3,2026-05-20,SNK-001,5,8,modern_trade,C1,360100,L1,'), false);
    tally.addRecord(...record('4,2026-06-01,SNK-001,5,12.5,,,330106,,'), false);
    tally.addRecord(...record('5,2026-05-02,花生-500g,7,8.00,,,360102,,'), false);
    expect(tally.rows()).toEqual({
      sellOut: [
        { month: '2026-05-01', sku: 'SNK-001', units: 85 },
        { month: '2026-06-01', sku: 'SNK-001', units: 5 },
        { month: '2026-05-01', sku: '花生-500g', units: 7 },
      ],
      prices: [
        { month: '2026-05-01', province: '360000', productLine: 'snacks', bucket: priceBucket(8), units: 105 },
        { month: '2026-05-01', province: '360000', productLine: 'nuts', bucket: priceBucket(8), units: 7 },
        { month: '2026-06-01', province: '330000', productLine: 'snacks', bucket: priceBucket(12.5), units: 5 },
      ],
    });
  });

  it('reads quoted records as CSV', () => {
    const tally = new SalesTally(provinces, lines);
    tally.addRecord(...record('1,2026-05-12,"SNK,001",3,8.00,,"a ""b""",360102,,'), true);
    expect(tally.rows()).toEqual({
      sellOut: [{ month: '2026-05-01', sku: 'SNK,001', units: 3 }],
      prices: [{ month: '2026-05-01', province: '360000', productLine: 'snacks', bucket: priceBucket(8), units: 3 }],
    });
  });

  it('gives up on values it cannot read as COPY would, so they are read back from the stored lines', () => {
    for (const line of [
      '1,12/05/2026,SNK-001,3,8.00,,,360102,,',
      '1,2026-05-12,SNK-001, 3,8.00,,,360102,,',
      '1,2026-05-12,SNK-001,+3,8.00,,,360102,,',
      '1,2026-05-12,SNK-001,3,8.00000,,,360102,,',
      '1,2026-05-12,SNK-001,3,8.0.0,,,360102,,',
      '1',
    ]) {
      const tally = new SalesTally(provinces, lines);
      tally.addRecord(...record(line), false);
      expect(tally.rows()).toBeNull();
    }
  });

  it('takes JSON lines', () => {
    const tally = new SalesTally(provinces, lines);
    tally.add('2026-05-12', 'SNK-001', 4, '8.00', '360102');
    tally.add('2026-05-13', 'SNK-001', 6, '8.00', '360100');
    expect(tally.rows()).toEqual({
      sellOut: [{ month: '2026-05-01', sku: 'SNK-001', units: 10 }],
      prices: [{ month: '2026-05-01', province: '360000', productLine: 'snacks', bucket: priceBucket(8), units: 10 }],
    });
  });
});
