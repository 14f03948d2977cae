import { ADD_TO_VIOLATION_DAILY } from '../violations/violation-daily.sql';

/** Where a finding's violation is known by: distributor, product line, window. Raised once per window. */
const SOURCE_ID = `f.offender_code || ':' || f.product_line || ':' || $window_start::text || '..' || $window_end::text`;

/**
 * The distributors and product lines whose reported sell-out over the window
 * ($window_start to $window_end, months of sell_monthly) fell short of
 * (100 − $tolerance)% of sell-in, with at least $min_sell_in sell-in, not
 * raised for this window before. Grouped as incidents group: offender, product
 * line, the province of the distributor's home.
 */
export const RECONCILIATION_FINDINGS_SQL = `
  CREATE TEMP TABLE reconciliation_finding ON COMMIT DROP AS
  SELECT f.*, ${SOURCE_ID} AS source_id, least(f.sell_in - f.sell_out, 2147483647)::int AS quantity,
         (date_trunc('month', $window_end::date) + interval '1 month - 1 day')::date AS occurred_on,
         jsonb_build_object('sellIn', f.sell_in, 'sellOut', f.sell_out, 'reportedPercent', round(100.0 * f.sell_out / f.sell_in, 1),
                            'tolerancePercent', $tolerance::int, 'windowStart', $window_start::text, 'windowEnd', $window_end::text) AS evidence
  FROM (
    SELECT m.distributor_code AS offender_code, p.product_line, r.province_code AS destination, d.home_region_code AS region_code,
           sum(m.sell_in)::bigint AS sell_in, sum(m.sell_out)::bigint AS sell_out
    FROM sell_monthly m JOIN product p ON p.sku = m.sku JOIN distributor d ON d.code = m.distributor_code JOIN region r ON r.code = d.home_region_code
    WHERE m.month BETWEEN $window_start::date AND $window_end::date
    GROUP BY m.distributor_code, p.product_line, r.province_code, d.home_region_code
    HAVING sum(m.sell_in) >= greatest($min_sell_in::bigint, 1) AND sum(m.sell_out) * 100 < (100 - $tolerance::int) * sum(m.sell_in)
  ) f
  WHERE NOT EXISTS (SELECT 1 FROM violation v WHERE v.source_kind = 'reconciliation' AND v.source_id = ${SOURCE_ID})`;

/** The findings as the incident grouping reads them (see GROUPING_SQL). */
export const RECONCILIATION_FINDINGS = {
  keys: `SELECT offender_code, product_line, destination FROM reconciliation_finding`,

  insert: (incidentOf: (finding: string) => string) => `
    WITH inserted AS (
      INSERT INTO violation (type, status, source_kind, source_id, offender_code, region_code, province_code, product_line, quantity, occurred_on,
                             evidence, incident_id)
      SELECT 'UNREPORTED_VOLUME', 'active', 'reconciliation', f.source_id, f.offender_code, f.region_code, f.destination, f.product_line,
             f.quantity, f.occurred_on, f.evidence, m.incident_id
      FROM reconciliation_finding f LEFT JOIN ${incidentOf('f')}
      RETURNING status, occurred_on, type, offender_code, region_code, province_code, product_line, quantity, unit_price, floor_price
    ),
    daily AS (${ADD_TO_VIOLATION_DAILY('SELECT * FROM inserted')})
    SELECT 'UNREPORTED_VOLUME' AS type, 'active' AS status, count(*)::int AS count FROM inserted HAVING count(*) > 0`,

  figures: (incidentOf: (finding: string) => string) => `
    SELECT m.incident_id, f.quantity, NULL::numeric AS unit_price, NULL::numeric AS floor_price, f.region_code, f.occurred_on,
           '{}'::text[] AS victim_codes, 1 AS violations
    FROM reconciliation_finding f JOIN ${incidentOf('f')}`,
};

/** Sell-in against reported sell-out per distributor, month and product line ($1 from month, $2 to month, $3 distributor, $4 line). */
export const RECONCILIATION_REPORT_SQL = `
  SELECT m.distributor_code, to_char(m.month, 'YYYY-MM') AS month, p.product_line, sum(m.sell_in)::text AS sell_in, sum(m.sell_out)::text AS sell_out
  FROM sell_monthly m JOIN product p ON p.sku = m.sku
  WHERE m.month BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR m.distributor_code = $3::text) AND ($4::text IS NULL OR p.product_line = $4::text)
  GROUP BY m.distributor_code, m.month, p.product_line
  HAVING sum(m.sell_in) <> 0 OR sum(m.sell_out) <> 0
  ORDER BY m.distributor_code, m.month, p.product_line
  OFFSET $5 LIMIT $6`;
