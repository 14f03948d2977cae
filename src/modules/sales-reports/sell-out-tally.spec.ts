import { SellOutTally } from './sell-out-tally';

const record = (text: string) => {
  const buf = Buffer.from(`xx${text}yy`);
  return [buf, 2, 2 + Buffer.byteLength(text)] as const;
};

describe('SellOutTally', () => {
  it('tallies units by month and SKU from the records as they stream, returns netted', () => {
    const tally = new SellOutTally();
    tally.addRecord(...record('1,2026-05-12,SNK-001,100,8.00,,,360102,,'), false);
    tally.addRecord(...record('2,2026-05-31,SNK-001,-20,8.00,,,360102,,'), false);
    tally.addRecord(...record('3,2026-06-01,SNK-001,5,8.00,,,360102,,'), false);
    tally.addRecord(...record('4,2026-05-02,花生-500g,7,8.00,,,360102,,'), false);
    expect(tally.rows()).toEqual([
      { month: '2026-05-01', sku: 'SNK-001', units: 80 },
      { month: '2026-06-01', sku: 'SNK-001', units: 5 },
      { month: '2026-05-01', sku: '花生-500g', units: 7 },
    ]);
  });

  it('reads quoted records as CSV', () => {
    const tally = new SellOutTally();
    tally.addRecord(...record('1,2026-05-12,"SNK,001",3,8.00,,"a ""b""",360102,,'), true);
    expect(tally.rows()).toEqual([{ month: '2026-05-01', sku: 'SNK,001', units: 3 }]);
  });

  it('gives up on values it cannot read as COPY would, so they are read back from the stored lines', () => {
    for (const line of ['1,12/05/2026,SNK-001,3,8.00,,,360102,,', '1,2026-05-12,SNK-001, 3,8.00,,,360102,,', '1,2026-05-12,SNK-001,+3,8.00,,,360102,,', '1']) {
      const tally = new SellOutTally();
      tally.addRecord(...record(line), false);
      expect(tally.rows()).toBeNull();
    }
  });

  it('takes JSON lines', () => {
    const tally = new SellOutTally();
    tally.add('2026-05-12', 'SNK-001', 4);
    tally.add('2026-05-13', 'SNK-001', 6);
    expect(tally.rows()).toEqual([{ month: '2026-05-01', sku: 'SNK-001', units: 10 }]);
  });
});
