import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';

/** Where SOLD reads: the years read whole, the months added to them, the months taken off them (see SPAN). */
const SOLD_BRANCHES = [
  { table: 'price_yearly', period: 'year', list: 'years', sign: '', suffix: 'y' },
  { table: 'price_monthly', period: 'month', list: 'added', sign: '', suffix: 'a' },
  { table: 'price_monthly', period: 'month', list: 'removed', sign: '-', suffix: 'r' },
] as const;

/**
 * Units sold per province, product line and price bucket over the period
 * (rows of (province_code, product_line, bucket, units) aliased `alias`,
 * narrowed by `where`), as SPAN plans it: the calendar years the period covers
 * for more than half from price_yearly, less their months outside the period;
 * the other months of the period from price_monthly. The month and year lists
 * are scalar subqueries, so the index scans take them as keys, and a branch
 * whose list is empty is not run at all.
 */
const SOLD = (alias: string, where: (table: string) => string) =>
  SOLD_BRANCHES.map(({ table, period, list, sign, suffix }) => {
    const t = `${alias}${suffix}`;
    return `
        SELECT ${t}.province_code, ${t}.product_line, ${t}.bucket, ${sign}${t}.units FROM ${table} ${t}
        WHERE (SELECT ${list} FROM span) IS NOT NULL AND ${t}.${period} = ANY ((SELECT ${list} FROM span)::date[]) AND ${where(t)}`;
  }).join('\n        UNION ALL');

/**
 * Which rows SOLD reads for the months $1 to $2 (first days): every month of
 * the calendar years the period touches, whether it is inside; a year with
 * more than six months inside is read whole (a twelfth of the rows of its
 * months) less its months outside, any other year month by month.
 */
const SPAN = `
  months AS (
    SELECT m::date AS month, date_trunc('year', m)::date AS year, m >= $1::date AND m <= $2::date AS inside
    FROM generate_series(date_trunc('year', $1::date), date_trunc('year', $2::date) + interval '11 months', interval '1 month') m
  ),
  years AS (
    SELECT year, count(*) FILTER (WHERE inside) > 6 AS whole FROM months GROUP BY year
  ),
  span AS (
    SELECT array_agg(m.year) FILTER (WHERE y.whole AND m.month = m.year) AS years,
           array_agg(m.month) FILTER (WHERE m.inside AND NOT y.whole) AS added,
           array_agg(m.month) FILTER (WHERE NOT m.inside AND y.whole) AS removed
    FROM months m JOIN years y USING (year)
  )`;

/** The provinces of the region parameter `region` (all of them when null; its own province for a city or a district). */
const PROVINCES = (region: string) => `
  provinces AS (
    SELECT DISTINCT coalesce(r.province_code, r.code) AS code FROM region r
    WHERE ${region} IS NULL OR r.code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = ${region})
       OR r.code = (SELECT province_code FROM region WHERE code = ${region})
  )`;

/**
 * Price erosion by destination province and product line over whole months,
 * as three statements the service runs side by side and joins on (province,
 * product line).
 */
export const PRICE_EROSION_SQL = {
  /**
   * Units sold and their median price ($1 first month, $2 last month, both
   * first days; $3 region; $4 product line), from the 1% buckets of
   * price_yearly and price_monthly (SOLD).
   */
  sales: `
  WITH ${PROVINCES('$3::text')},${SPAN},
  totals AS (
    SELECT u.province_code, u.product_line, sum(u.units) AS units
    FROM (${SOLD('u', (t) => `($3::text IS NULL OR ${t}.province_code IN (SELECT code FROM provinces)) AND ($4::text IS NULL OR ${t}.product_line = $4::text)`)}) u
    GROUP BY 1, 2 HAVING sum(u.units) > 0
  )
  -- The median: the lowest bucket holding half of the units, found by walking each province and line's buckets up from
  -- the cheapest. Only buckets holding units count: one can come out at zero or below when a retired report's units
  -- were filed under another key than they were added to (a product moved to another line in between, say).
  SELECT t.province_code, t.product_line, t.units::text AS units, median.bucket AS median_bucket
  FROM totals t CROSS JOIN LATERAL (
    SELECT b.bucket FROM (
      SELECT u.bucket, sum(sum(u.units)) OVER (ORDER BY u.bucket) AS up_to
      FROM (${SOLD('u', (k) => `${k}.province_code = t.province_code AND ${k}.product_line = t.product_line`)}) u
      GROUP BY u.bucket HAVING sum(u.units) > 0
    ) b
    WHERE b.up_to * 2 >= t.units ORDER BY b.bucket LIMIT 1
  ) median`,

  /**
   * Sightings with their median observed price, and what the violations say
   * went below the floors: units sold below the distributor floor, sightings
   * below the retail floor (parameters as for sales).
   */
  observed: `
  WITH ${PROVINCES('$3::text')},
  sightings AS (
    SELECT s.province_code, s.product_line, count(*) AS sightings, percentile_disc(0.5) WITHIN GROUP (ORDER BY s.observed_price) AS median_price
    FROM sighting s
    WHERE s.observed_on >= $1::date AND s.observed_on < ($2::date + interval '1 month') AND ($3::text IS NULL OR s.province_code IN (SELECT code FROM provinces))
      AND ($4::text IS NULL OR s.product_line = $4::text)
    GROUP BY 1, 2
  ),
  below AS (
    SELECT d.province_code, d.product_line,
           sum(d.floor_units) FILTER (WHERE d.type = 'BELOW_FLOOR') AS units_below,
           sum(d.violations) FILTER (WHERE d.type = 'BELOW_RETAIL_FLOOR') AS sightings_below
    FROM violation_daily d
    WHERE d.day >= $1::date AND d.day < ($2::date + interval '1 month') AND d.type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR')
      AND ($3::text IS NULL OR d.province_code IN (SELECT code FROM provinces)) AND ($4::text IS NULL OR d.product_line = $4::text)
    GROUP BY 1, 2
  )
  SELECT province_code, product_line, coalesce(g.sightings, 0)::int AS sightings, money_text(g.median_price) AS sighting_median,
         coalesce(b.units_below, 0)::text AS units_below, coalesce(b.sightings_below, 0)::int AS sightings_below
  FROM sightings g FULL JOIN below b USING (province_code, product_line)`,

  /**
   * The distributor and retail floors of each product line ($2, or every
   * line with floors) in each province of the region ($1) on a day ($3), by
   * the precedence rule (floor-precedence.sql.ts).
   */
  floors: `
  WITH ${PROVINCES('$1::text')},
  inputs AS (
    SELECT row_number() OVER (ORDER BY p.code, l.product_line, v.level) AS line_id, NULL::text AS sku, l.product_line, NULL::text AS channel,
           p.code AS region_code, $3::date AS sale_date, v.level
    FROM provinces p
    -- The lines that have floors of their own (a SKU's floor is not its line's).
    CROSS JOIN (SELECT DISTINCT product_line FROM price_floor WHERE product_line IS NOT NULL AND ($2::text IS NULL OR product_line = $2::text)) l
    CROSS JOIN (VALUES ('distributor'), ('retail')) AS v (level)
  )
  SELECT i.region_code AS province_code, i.product_line,
         money_text(min(f.min_unit_price) FILTER (WHERE i.level = 'distributor')) AS distributor_floor,
         money_text(min(f.min_unit_price) FILTER (WHERE i.level = 'retail')) AS retail_floor
  FROM inputs i JOIN (${applicableFloorSql('inputs i')}) f ON f.line_id = i.line_id
  GROUP BY 1, 2`,
};
