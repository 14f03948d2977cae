import { randomUUID } from 'node:crypto';
import { useTestClient } from '../../../test/support/test-database';
import { ADD_TO_VIOLATION_DAILY } from '../violations/violation-daily.sql';

/**
 * violation_daily is kept as violations are inserted (ADD_TO_VIOLATION_DAILY,
 * next to the insert), voided and deleted (triggers); it must always equal the
 * same figures computed from the violations themselves.
 */
describe('violation_daily', () => {
  const client = useTestClient();

  const insert = (
    rows: Array<{
      type: string;
      day: string;
      offender?: string | null;
      region?: string;
      quantity: number;
      price: string;
      floor?: string | null;
      status?: string;
    }>,
  ) =>
    client().query(
      `WITH inserted AS (
       INSERT INTO violation (type, status, source_kind, source_id, line_no, offender_code, region_code, province_code, product_line, quantity, unit_price, floor_price, occurred_on)
       SELECT r.type, coalesce(r.status, 'active'), 'sales_line', $2, r.n, r.offender, coalesce(r.region, '360102'), '360000', 'snacks', r.quantity, r.price, r.floor, r.day
       FROM jsonb_to_recordset($1::jsonb) AS r (type text, status text, offender text, region text, quantity int, price numeric, floor numeric, day date, n int)
       RETURNING *),
       daily AS (${ADD_TO_VIOLATION_DAILY('SELECT * FROM inserted')})
       SELECT id FROM inserted ORDER BY line_no`,
      [JSON.stringify(rows.map((row, index) => ({ ...row, n: index + 1 }))), randomUUID()],
    );
  const aggregate = async () =>
    (
      await client().query(`
        SELECT day::text, type, offender_code, province_code, product_line, violations::int, units::int, money_text(value_at_floor) AS value, money_text(price_erosion) AS erosion, floor_units::int
        FROM violation_daily WHERE violations <> 0 OR units <> 0 OR value_at_floor <> 0 OR price_erosion <> 0 OR floor_units <> 0 ORDER BY 1, 2, 3, 4, 5`)
    ).rows;
  /** The same figures, straight from the violations. */
  const recomputed = async () =>
    (
      await client().query(`
        SELECT occurred_on::text AS day, type, coalesce(offender_code, '') AS offender_code, coalesce(province_code, '') AS province_code,
               coalesce(product_line, '') AS product_line,
               count(*)::int AS violations,
               sum(CASE WHEN type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN quantity ELSE 0 END)::int AS units,
               money_text(sum(CASE WHEN type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN quantity * coalesce(floor_price, unit_price) ELSE 0 END)) AS value,
               money_text(sum(CASE WHEN type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') AND floor_price > unit_price THEN quantity * (floor_price - unit_price) ELSE 0 END)) AS erosion,
               sum(CASE WHEN type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') THEN quantity ELSE 0 END)::int AS floor_units
        FROM violation WHERE status = 'active' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`)
    ).rows;

  it('follows inserts, voids and deletes, one statement at a time', async () => {
    const { rows: first } = await insert([
      { type: 'OUT_OF_TERRITORY', day: '2026-05-10', offender: 'ZJ-GA', quantity: 100, price: '8.00', floor: '11.00' },
      { type: 'BELOW_FLOOR', day: '2026-05-10', offender: 'ZJ-GA', quantity: 100, price: '8.00', floor: '11.00' },
      { type: 'OUT_OF_TERRITORY', day: '2026-05-10', offender: 'ZJ-GA', quantity: 20, price: '12.00' },
      { type: 'UNKNOWN_CODE', day: '2026-05-11', offender: null, quantity: 1, price: '3.00' },
      { type: 'OUT_OF_TERRITORY', day: '2026-05-11', offender: 'HZ-SUB', quantity: 5, price: '9.00', floor: '10.00', status: 'permitted' },
    ]);
    expect(await aggregate()).toEqual(await recomputed());
    expect((await aggregate()).find((row) => row.type === 'OUT_OF_TERRITORY')).toMatchObject({ violations: 2, units: 120, value: '1340.00' });

    await client().query(`UPDATE violation SET status = 'voided' WHERE id = $1`, [first[1].id]);
    await client().query(`UPDATE violation SET status = 'active' WHERE status = 'permitted'`);
    expect(await aggregate()).toEqual(await recomputed());

    await client().query(`UPDATE violation SET evidence = '{"note": 1}'`);
    await client().query(`DELETE FROM violation WHERE id = $1`, [first[0].id]);
    expect(await aggregate()).toEqual(await recomputed());

    await client().query(`DELETE FROM violation`);
    expect(await aggregate()).toEqual([]);
  });
});
