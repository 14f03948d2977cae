import { randomUUID } from 'node:crypto';
import { useTestClient } from '../../../test/support/test-database';
import { CLAIMS_SQL } from './compensation.sql';

interface Finding {
  type: string;
  line: number;
  quantity: number;
  unitPrice: string;
  floorPrice?: string | null;
  victims: string[];
  status?: string;
  productLine?: string;
}

/** The claims an incident's violations give, computed by CLAIMS_SQL over violation rows as detection stores them. */
describe('CLAIMS_SQL', () => {
  const client = useTestClient();

  const claims = async (findings: Finding[], rates: Record<string, string> = {}) => {
    const incident = randomUUID();
    const source = randomUUID();
    for (const finding of findings) {
      await client().query(
        `INSERT INTO violation (type, status, source_kind, source_id, line_no, region_code, product_line, quantity, unit_price, floor_price, victim_codes,
                                occurred_on, incident_id)
         VALUES ($1, $2, 'sales_line', $3, $4, '360102', $5, $6, $7, $8, $9, '2026-05-12', $10)`,
        [
          finding.type,
          finding.status ?? 'active',
          source,
          finding.line,
          finding.productLine ?? 'snacks',
          finding.quantity,
          finding.unitPrice,
          finding.floorPrice ?? null,
          finding.victims,
          incident,
        ],
      );
    }
    return (await client().query(CLAIMS_SQL, [incident, rates])).rows;
  };
  // A line dumped out of territory and below the floor carries two violations, both with the floor.
  const dumped = (line: number, quantity: number, unitPrice: string, floorPrice: string, victims: string[], status = 'active'): Finding[] => [
    { type: 'OUT_OF_TERRITORY', line, quantity, unitPrice, floorPrice, victims },
    { type: 'BELOW_FLOOR', line, quantity, unitPrice, floorPrice, victims, status },
  ];

  it('counts a line with two violations once', async () => {
    expect(await claims(dumped(1, 100, '8.00', '11.00', ['JX-AG']))).toEqual([
      { claimant_code: 'JX-AG', lines: 1, units: '100', floor_gap: '300.00', lost_margin: '0.00', amount: '300.00' },
    ]);
  });

  it('adds the lost margin of the line’s product line, and none for a line without a rate', async () => {
    const rows = await claims(
      [
        ...dumped(1, 100, '8.00', '11.00', ['JX-AG']),
        { type: 'OUT_OF_TERRITORY', line: 2, quantity: 10, unitPrice: '20.00', victims: ['JX-AG'], productLine: 'beverages' },
      ],
      { snacks: '0.40' },
    );
    expect(rows).toEqual([{ claimant_code: 'JX-AG', lines: 2, units: '110', floor_gap: '300.00', lost_margin: '40.00', amount: '340.00' }]);
  });

  it('drops the price gap when the below-floor violation was voided on appeal', async () => {
    expect(await claims(dumped(1, 100, '8.00', '11.00', ['JX-AG'], 'voided'), { snacks: '0.40' })).toEqual([
      { claimant_code: 'JX-AG', lines: 1, units: '100', floor_gap: '0.00', lost_margin: '40.00', amount: '40.00' },
    ]);
  });

  it('shares a line among tied victims, to the ten-thousandth, adding up to the line', async () => {
    const rows = await claims(dumped(1, 1, '8.00', '9.00', ['NB-B', 'NB-A', 'NB-C']));
    expect(rows.map((row) => [row.claimant_code, row.amount])).toEqual([
      ['NB-A', '0.3334'],
      ['NB-B', '0.3333'],
      ['NB-C', '0.3333'],
    ]);
  });

  it('leaves out returns, cutoff breaches, voided lines and victims owed nothing', async () => {
    expect(
      await claims([
        { type: 'BELOW_FLOOR', line: 1, quantity: -5, unitPrice: '8.00', floorPrice: '11.00', victims: ['JX-AG'] },
        { type: 'CUTOFF_BREACH', line: 2, quantity: 50, unitPrice: '8.00', floorPrice: '11.00', victims: ['JX-AG'] },
        ...dumped(3, 10, '8.00', '11.00', ['FJ-AG'], 'voided').map((finding) => ({ ...finding, status: 'voided' })),
        { type: 'OUT_OF_TERRITORY', line: 4, quantity: 10, unitPrice: '12.00', floorPrice: '11.00', victims: ['HZ-SUB'] },
      ]),
    ).toEqual([]);
  });
});
