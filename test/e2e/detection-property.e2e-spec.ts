/**
 * Property: for random sales lines, the set-based SQL detection flags exactly
 * what the pure TypeScript rules say, line by line.
 */
import { isBelow } from '../../src/common/money/money';
import { applicableFloor } from '../../src/modules/catalog/domain/floor-precedence';
import { coveringPermits, isInTerritory, victimsOf } from '../../src/modules/distributors/domain/coverage';
import { seedReferenceWorld } from '../factories/reference.factory';
import { ancestryOf, DISTRIBUTORS, FLOORS, GRANTS, PERMITS, PRODUCTS, REGIONS } from '../rules/reference-world';
import { createTestApp, TestApp } from '../support/test-app';

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const LINES_PER_DISTRIBUTOR = 250;

describe('Detection agrees with the pure rules (property, e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  it(`flags ${LINES_PER_DISTRIBUTOR * DISTRIBUTORS.length} random lines exactly as the TypeScript rules do`, async () => {
    const next = random(20261122);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const expected = new Map<string, string[]>();
    let total = 0;
    for (const distributor of DISTRIBUTORS) {
      const lines = Array.from({ length: LINES_PER_DISTRIBUTOR }, (_, index) => {
        const product = pick(PRODUCTS);
        const regionCode = pick(REGIONS).code;
        const channel = pick([null, 'modern_trade', 'ecommerce', 'wholesale']);
        const saleDate = `2026-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
        const quantity = next() < 0.05 ? -1 - Math.floor(next() * 5) : 1 + Math.floor(next() * 50);
        const unitPrice = (8 + Math.floor(next() * 800) / 100).toFixed(2);
        return { lineNo: index + 1, saleDate, sku: product.sku, quantity, unitPrice, channel, shipToRegionCode: regionCode };
      });
      for (const line of lines) {
        const sale = {
          sku: line.sku,
          productLine: PRODUCTS.find((p) => p.sku === line.sku)!.productLine,
          channel: line.channel,
          regionCode: line.shipToRegionCode,
          date: line.saleDate,
        };
        const ancestry = ancestryOf(line.shipToRegionCode);
        const found: string[] = [];
        if (line.quantity > 0) {
          if (!isInTerritory(GRANTS, distributor.code, sale, ancestry)) {
            const permitted = coveringPermits(PERMITS, distributor.code, sale, ancestry).length > 0;
            found.push(`OUT_OF_TERRITORY/${permitted ? 'permitted' : 'active'}/${victimsOf(GRANTS, distributor.code, sale, ancestry).join('|')}`);
          }
          const floor = applicableFloor(FLOORS, { ...sale, level: 'distributor' }, ancestry);
          if (floor && isBelow(line.unitPrice, floor.minUnitPrice))
            found.push(`BELOW_FLOOR/active/${victimsOf(GRANTS, distributor.code, sale, ancestry).join('|')}`);
        }
        expected.set(`${distributor.code}/${line.lineNo}`, found.sort());
      }
      total += lines.length;
      await t
        .http()
        .post('/api/v1/sales-reports')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ reportRef: `PROP-${distributor.code}`, distributorCode: distributor.code, lines })
        .expect(201);
    }
    expect(total).toBeGreaterThanOrEqual(1000);

    const rows: Array<{ offender_code: string; line_no: number; type: string; status: string; victim_codes: string[] }> = await t.dataSource.query(
      `SELECT offender_code, line_no, type, status, victim_codes FROM violation WHERE report_ref LIKE 'PROP-%'`,
    );
    const actual = new Map<string, string[]>([...expected.keys()].map((key) => [key, []]));
    for (const row of rows) actual.get(`${row.offender_code}/${row.line_no}`)!.push(`${row.type}/${row.status}/${row.victim_codes.join('|')}`);
    for (const list of actual.values()) list.sort();
    const disagreements = [...expected].filter(([key, found]) => JSON.stringify(found) !== JSON.stringify(actual.get(key)));
    expect(disagreements.slice(0, 10).map(([key, found]) => ({ line: key, rules: found, sql: actual.get(key) }))).toEqual([]);
    expect(rows.length).toBeGreaterThan(100);
  });
});
