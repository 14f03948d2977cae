import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';

/**
 * Price erosion by destination province and product line over whole months
 * ($1 first month, $2 last month, both first days; $3 region: its provinces,
 * or its own province when below one; $4 product line; $5 the day whose
 * floors are shown): units sold with their median price (from price_monthly's
 * 1% buckets) and units sold below the distributor floor; sightings with
 * their median observed price and those below the retail floor; the product
 * line's floors there.
 */
export const PRICE_EROSION_SQL = `
  WITH provinces AS (
    SELECT DISTINCT coalesce(r.province_code, r.code) AS code FROM region r
    WHERE $3::text IS NULL OR r.code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = $3::text)
       OR r.code = (SELECT province_code FROM region WHERE code = $3::text)
  ),
  sold AS (
    SELECT m.province_code, m.product_line, m.bucket, sum(m.units) AS units
    FROM price_monthly m
    WHERE m.month BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR m.province_code IN (SELECT code FROM provinces)) AND ($4::text IS NULL OR m.product_line = $4::text)
    GROUP BY 1, 2, 3 HAVING sum(m.units) > 0
  ),
  running AS (
    SELECT s.*, sum(units) OVER (PARTITION BY province_code, product_line ORDER BY bucket) AS up_to,
           sum(units) OVER (PARTITION BY province_code, product_line) AS total
    FROM sold s
  ),
  sales AS (
    -- The median: the lowest bucket holding half of the units.
    SELECT province_code, product_line, max(total) AS units, min(bucket) FILTER (WHERE up_to * 2 >= total) AS median_bucket
    FROM running GROUP BY 1, 2
  ),
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
  ),
  keys AS (
    SELECT province_code, product_line FROM sales UNION SELECT province_code, product_line FROM sightings
  ),
  inputs AS (
    SELECT row_number() OVER (ORDER BY k.province_code, k.product_line, l.level) AS line_id, NULL::text AS sku, k.product_line, NULL::text AS channel,
           k.province_code AS region_code, $5::date AS sale_date, l.level
    FROM keys k CROSS JOIN (VALUES ('distributor'), ('retail')) AS l (level)
  ),
  floors AS (
    SELECT i.region_code AS province_code, i.product_line, i.level, f.min_unit_price
    FROM inputs i JOIN (${applicableFloorSql('inputs i')}) f ON f.line_id = i.line_id
  )
  SELECT k.province_code, k.product_line, coalesce(s.units, 0)::text AS units, s.median_bucket, coalesce(b.units_below, 0)::text AS units_below,
         coalesce(g.sightings, 0)::int AS sightings, money_text(g.median_price) AS sighting_median, coalesce(b.sightings_below, 0)::int AS sightings_below,
         (SELECT money_text(min_unit_price) FROM floors f WHERE f.province_code = k.province_code AND f.product_line = k.product_line AND f.level = 'distributor') AS distributor_floor,
         (SELECT money_text(min_unit_price) FROM floors f WHERE f.province_code = k.province_code AND f.product_line = k.product_line AND f.level = 'retail') AS retail_floor
  FROM keys k
  LEFT JOIN sales s USING (province_code, product_line)
  LEFT JOIN sightings g USING (province_code, product_line)
  LEFT JOIN below b USING (province_code, product_line)
  ORDER BY k.province_code, k.product_line`;
