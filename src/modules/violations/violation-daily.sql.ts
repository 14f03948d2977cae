/**
 * The figures of violation_daily over some violations: `rows` selects
 * (status, occurred_on, type, offender_code, province_code, product_line,
 * quantity, unit_price, floor_price), and only the active ones count. Units
 * and value count on the territory violations, erosion and floor units on
 * the floor violations, so a line breaking both rules counts once in each.
 * Grouped by day, type, offender, province and product line ('' for none).
 */
export const DAILY_FIGURES = (rows: string) => `
  SELECT c.occurred_on AS day, c.type, coalesce(c.offender_code, '') AS offender_code, coalesce(c.province_code, '') AS province_code,
         coalesce(c.product_line, '') AS product_line, count(*) AS violations,
         sum(CASE WHEN c.type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN coalesce(c.quantity, 0) ELSE 0 END) AS units,
         sum(CASE WHEN c.type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') THEN coalesce(c.quantity, 0) * coalesce(c.floor_price, c.unit_price, 0) ELSE 0 END) AS value_at_floor,
         sum(CASE WHEN c.type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') AND c.floor_price > c.unit_price
                  THEN coalesce(c.quantity, 0) * (c.floor_price - c.unit_price) ELSE 0 END) AS price_erosion,
         sum(CASE WHEN c.type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR') THEN coalesce(c.quantity, 0) ELSE 0 END) AS floor_units
  FROM (${rows}) c
  WHERE c.status = 'active'
  GROUP BY 1, 2, 3, 4, 5`;

/**
 * Adds the violations a statement inserts (`rows`, as for DAILY_FIGURES) to
 * the violation_daily pre-aggregate: a data-modifying CTE next to the insert,
 * one upsert and no round trip. Updates and deletes of violations are folded
 * in by triggers (migration CreateViolationDaily), with the same figures.
 */
export const ADD_TO_VIOLATION_DAILY = (rows: string) => `
  INSERT INTO violation_daily AS d (day, type, offender_code, province_code, product_line, violations, units, value_at_floor, price_erosion, floor_units)
  SELECT * FROM (${DAILY_FIGURES(rows)}) f ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, type, offender_code, province_code, product_line) DO UPDATE
  SET violations = d.violations + EXCLUDED.violations, units = d.units + EXCLUDED.units, value_at_floor = d.value_at_floor + EXCLUDED.value_at_floor,
      price_erosion = d.price_erosion + EXCLUDED.price_erosion, floor_units = d.floor_units + EXCLUDED.floor_units`;
