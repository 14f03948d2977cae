import { ADD_TO_VIOLATION_DAILY } from '../violations/violation-daily.sql';
import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';
import { SALES_LINE_RULES } from '../sales-reports/sales-staging.sql';
import { coverageKeysSql, coveringPermitsSql, grantCutsSql, isCoveredSql, regionCoverageSql, victimsSql } from '../distributors/domain/coverage.sql';

/**
 * Detection over one sales report, set-based. Parameters: $lines (the
 * report's line key in sales_line), $report (its id), $distributor, $ref.
 *
 * One pass over the lines (SALES_SCAN_SQL), split across parallel workers,
 * keeps the suspects: lines breaking a rule of their own or with an unknown
 * SKU or region (the batch checks), and sales out of the territory or priced
 * below the highest distributor floor their SKU has anywhere. Each line costs
 * two hash lookups (its SKU, its region) and, when its region is not covered
 * by the usual all-lines grant, a few array tests: coverage is turned into
 * keys per region (coverage.sql).
 * The rules then run on the suspects alone: the applicable floor, victims,
 * permits. Returns (quantity <= 0) are never violations. The findings
 * (finding_line) go to the incident grouping through SALES_FINDINGS.
 */
/** The reporting distributor's grant cuts, as the lookups compute them. */
const COVERAGE_CUTS = `(SELECT days FROM (${grantCutsSql('$distributor::text')}) cut)`;

/** Each SKU with its line and the highest distributor floor it has anywhere, at any time: a sale at or above that is above its floor. */
const SKU_INFO = `
  SELECT p.sku, p.product_line, t.top_floor
  FROM product p
  LEFT JOIN (
    SELECT sku, max(min_unit_price) AS top_floor
    FROM (
      SELECT f.sku, f.min_unit_price FROM price_floor f WHERE f.level = 'distributor' AND f.sku IS NOT NULL
      UNION ALL
      SELECT q.sku, f.min_unit_price FROM price_floor f JOIN product q ON q.product_line = f.product_line WHERE f.level = 'distributor' AND f.sku IS NULL
    ) floors
    GROUP BY sku
  ) t ON t.sku = p.sku`;

/** Each region with its province and how the reporting distributor's grants cover it (regionCoverageSql). */
const REGION_INFO = `
  SELECT r.code, coalesce(r.province_code, r.code) AS province_code, c.open_segments, c.coverage_keys
  FROM region r LEFT JOIN (${regionCoverageSql(`(${coverageKeysSql('$distributor::text', COVERAGE_CUTS)}) k`)}) c ON c.region_code = r.code`;

/**
 * What the scan looks up, computed first and bound to it as parameters
 * ($cuts, $skus, $regions; a few hundred kilobytes however large the batch):
 * parameters reach parallel workers, where temporary tables and init plans
 * that ran in parallel themselves would keep the scan in one process.
 */
export const SCAN_LOOKUPS_SQL = `
  SELECT ${COVERAGE_CUTS}::text AS cuts,
         (SELECT coalesce(jsonb_agg(to_jsonb(q)), '[]') FROM (${SKU_INFO}) q)::text AS skus,
         (SELECT coalesce(jsonb_agg(to_jsonb(q)), '[]') FROM (${REGION_INFO}) q)::text AS regions`;

const COVERED = isCoveredSql('$cuts::date[]', {
  productLine: 'p.product_line',
  channel: 'l.channel',
  date: 'l.sale_date',
  openSegments: 'r.open_segments',
  coverageKeys: 'r.coverage_keys',
});

/**
 * The one pass over a batch is split across parallel workers. A fresh batch
 * has no statistics (the planner would guess it small and scan it alone), so
 * the statement is told that workers cost nothing; its lookups are bound
 * parameters (SCAN_LOOKUPS_SQL) and coverage is tested with arrays rather
 * than subplans, which a worker could not run. The settings are saved first
 * and restored right after it.
 */
const PARALLEL_SCAN = [
  'parallel_setup_cost',
  'parallel_tuple_cost',
  'min_parallel_table_scan_size',
  'min_parallel_index_scan_size',
  'seq_page_cost',
  'random_page_cost',
];

export const SALES_SCAN_SQL: readonly string[] = [
  `CREATE TEMP TABLE scan_setting ON COMMIT DROP AS
   SELECT name, current_setting(name) AS value FROM unnest(ARRAY[${PARALLEL_SCAN.map((setting) => `'${setting}'`).join(', ')}]) AS name`,
  `SELECT set_config(name, '0', true) FROM scan_setting`,
  // The one pass over the lines.
  `CREATE TEMP TABLE suspect_line ON COMMIT DROP AS
   SELECT l.line_no, l.sale_date, l.sku, p.product_line, l.quantity, l.unit_price, l.channel, l.customer_ref, l.ship_to_region_code,
          r.code IS NOT NULL AS region_known, r.province_code, l.lot, l.serial, NOT ${COVERED} AS out_of_territory,
          ${SALES_LINE_RULES} AS line_ok
   FROM sales_line l
   LEFT JOIN jsonb_to_recordset($skus::jsonb) AS p (sku text, product_line text, top_floor numeric) ON p.sku = l.sku
   LEFT JOIN jsonb_to_recordset($regions::jsonb) AS r (code text, province_code text, open_segments int[], coverage_keys text[])
     ON r.code = l.ship_to_region_code
   WHERE l.report_key = $lines
     AND (p.sku IS NULL OR r.code IS NULL OR NOT ${SALES_LINE_RULES} OR (l.quantity > 0 AND (l.unit_price < p.top_floor OR NOT ${COVERED})))`,
  `SELECT set_config(name, value, true) FROM scan_setting`,
  `ANALYZE suspect_line`,
];

/** The batch checks, on the suspects: lines breaking a rule of their own, SKUs and regions that do not exist. */
export const BATCH_CHECKS_SQL = `
  SELECT count(*) FILTER (WHERE NOT line_ok)::int AS bad_lines, count(*) FILTER (WHERE product_line IS NULL)::int AS unknown_skus,
         count(*) FILTER (WHERE NOT region_known)::int AS unknown_regions
  FROM suspect_line`;

export const SALES_DETECTION_SQL: readonly string[] = [
  // Days on which some grant starts or ends: between two of them, the victims of a sale cannot change.
  `CREATE TEMP TABLE victim_cut ON COMMIT DROP AS ${grantCutsSql()}`,
  // The sales that breach: out of the territory, or priced under their applicable floor (looked up per line: the
  // batch checks have passed, so line numbers are unique, and suspects rarely share a SKU, channel, region and day);
  // each with its grant segment.
  `CREATE TEMP TABLE breach_line ON COMMIT DROP AS
   SELECT s.*, lf.floor_id, lf.min_unit_price AS floor_price, coalesce(s.unit_price < lf.min_unit_price, false) AS below_floor,
          width_bucket(s.sale_date, (SELECT days FROM victim_cut)) AS victim_segment
   FROM suspect_line s
   LEFT JOIN (${applicableFloorSql(`(SELECT line_no AS line_id, sku, product_line, channel, ship_to_region_code AS region_code, sale_date,
                                            'distributor'::text AS level FROM suspect_line WHERE quantity > 0) i`)}) lf ON lf.line_id = s.line_no
   WHERE s.quantity > 0 AND (s.out_of_territory OR s.unit_price < lf.min_unit_price)`,
  `ANALYZE breach_line`,
  // Victims depend on the line, channel, region and grant segment of a sale, not on its SKU or day: they are found
  // once per such key, judged on its first day (any day of the segment answers the same).
  `CREATE TEMP TABLE victim_key ON COMMIT DROP AS
   SELECT (row_number() OVER ())::int AS line_id, $distributor::text AS offender_code, product_line, channel, region_code, victim_segment, sale_date
   FROM (
     SELECT product_line, channel, ship_to_region_code AS region_code, victim_segment, min(sale_date) AS sale_date
     FROM breach_line GROUP BY product_line, channel, ship_to_region_code, victim_segment
   ) k`,
  `CREATE TEMP TABLE key_victims ON COMMIT DROP AS
   SELECT vk.product_line, vk.channel, vk.region_code, vk.victim_segment, v.victims
   FROM victim_key vk
   JOIN (SELECT line_id, array_agg(distributor_code ORDER BY distributor_code) AS victims FROM (${victimsSql('victim_key i')}) v GROUP BY line_id) v
     ON v.line_id = vk.line_id`,
  // Live permits of the out-of-territory lines (judged on the line's own day): one per line, a permit without a
  // maximum first, else the earliest.
  `CREATE TEMP TABLE oot_permit ON COMMIT DROP AS
   SELECT DISTINCT ON (cp.line_id) cp.line_id AS line_no, cp.permit_id
   FROM (${coveringPermitsSql(`(SELECT line_no AS line_id, $distributor::text AS distributor_code, sku, product_line, channel,
                                       ship_to_region_code AS region_code, sale_date FROM breach_line WHERE out_of_territory) i`)}) cp
   ORDER BY cp.line_id, cp.max_quantity IS NULL DESC, cp.permit_id`,
  `SELECT id FROM transfer_permit WHERE id IN (SELECT permit_id FROM oot_permit) ORDER BY id FOR UPDATE`,
  // A permit with a maximum covers lines in day and line order while its quantity lasts.
  `CREATE TEMP TABLE permitted_line ON COMMIT DROP AS
   SELECT line_no, permit_id, quantity FROM (
     SELECT op.line_no, op.permit_id, s.quantity, p.max_quantity, p.used_quantity,
            sum(s.quantity) OVER (PARTITION BY op.permit_id ORDER BY s.sale_date, s.line_no) AS running
     FROM oot_permit op JOIN breach_line s ON s.line_no = op.line_no JOIN transfer_permit p ON p.id = op.permit_id
   ) used
   WHERE max_quantity IS NULL OR used_quantity + running <= max_quantity`,
  `UPDATE transfer_permit p SET used_quantity = p.used_quantity + used.total
   FROM (SELECT permit_id, sum(quantity) AS total FROM permitted_line GROUP BY permit_id) used
   WHERE p.id = used.permit_id`,
  // The offender's grants considered, per (product line, channel, day) of the breaches: the evidence of their violations.
  `INSERT INTO sales_grant_evidence (report_id, product_line, channel, sale_date, grants)
   SELECT $report::uuid, k.product_line, coalesce(k.channel, ''), k.sale_date, coalesce(to_jsonb((array_agg(jsonb_build_object(
            'id', g.id, 'regionCode', g.region_code, 'productLine', g.product_line, 'channel', g.channel,
            'validFrom', g.valid_from, 'validTo', g.valid_to) ORDER BY g.region_code, g.id) FILTER (WHERE g.id IS NOT NULL))[1:20]), '[]')
   FROM (SELECT DISTINCT product_line, channel, sale_date FROM breach_line) k
   LEFT JOIN territory_grant g ON g.distributor_code = $distributor::text
    AND (g.product_line IS NULL OR g.product_line = k.product_line) AND (g.channel IS NULL OR g.channel = k.channel)
    AND g.valid_from <= k.sale_date AND (g.valid_to IS NULL OR g.valid_to >= k.sale_date)
   GROUP BY k.product_line, k.channel, k.sale_date`,
  // Fresh tables have no statistics: planned blind, the join below would hash the findings three times over.
  `ANALYZE key_victims`,
  `ANALYZE oot_permit`,
  `ANALYZE permitted_line`,
  // Each breaching line as a finding, with its victims, how many active violations it carries, its grouping key.
  `CREATE TEMP TABLE finding_line ON COMMIT DROP AS
   SELECT b.line_no, b.sale_date, b.sku, b.product_line, b.quantity, b.unit_price, b.channel, b.customer_ref, b.ship_to_region_code,
          b.province_code, b.lot, b.serial, b.victim_segment, b.floor_id, b.floor_price, b.out_of_territory, b.below_floor,
          coalesce(kv.victims, '{}') AS victim_codes, pl.permit_id AS permitted_by, op.permit_id AS live_permit_id,
          (b.out_of_territory AND pl.line_no IS NULL)::int + b.below_floor::int AS violations,
          $distributor::text AS offender_code, b.province_code AS destination
   FROM breach_line b
   LEFT JOIN key_victims kv ON kv.product_line = b.product_line AND coalesce(kv.channel, '') = coalesce(b.channel, '')
                            AND kv.region_code = b.ship_to_region_code AND kv.victim_segment = b.victim_segment
   LEFT JOIN permitted_line pl ON pl.line_no = b.line_no
   LEFT JOIN oot_permit op ON op.line_no = b.line_no`,
];

/**
 * The findings of SALES_DETECTION_SQL, for the incident grouping, which owns
 * incidents: it gives `incidentOf`, the join from a finding (by alias, with
 * offender_code, product_line and destination) to its incident.
 */
export const SALES_FINDINGS = {
  keys: `SELECT offender_code, product_line, destination FROM finding_line WHERE violations > 0`,

  // One pass over the findings: a line out of the territory and below its floor gives two rows. Ids come from one
  // uuid_v7() and a counter (uuid_v7_next).
  insert: (incidentOf: (finding: string) => string) => `
    WITH inserted AS (
      INSERT INTO violation (id, type, status, source_kind, source_id, report_id, report_ref, line_no, offender_code, victim_codes,
        region_code, province_code, sku, product_line, quantity, unit_price, floor_price, floor_id, permit_id, occurred_on,
        channel, customer_ref, lot, serial, confidence, evidence, incident_id)
      SELECT uuid_v7_next((SELECT uuid_v7()), row_number() OVER ()), t.type, CASE WHEN t.permitted THEN 'permitted' ELSE 'active' END, 'sales_line', $report::text, $report::uuid,
             $ref::text, f.line_no, f.offender_code, f.victim_codes, f.ship_to_region_code, f.province_code, f.sku, f.product_line, f.quantity,
             f.unit_price, f.floor_price, f.floor_id, CASE WHEN t.permitted THEN f.permitted_by END, f.sale_date, f.channel, f.customer_ref,
             f.lot, f.serial, 'high',
             CASE WHEN t.type = 'OUT_OF_TERRITORY' AND f.live_permit_id IS NOT NULL AND f.permitted_by IS NULL
                  THEN jsonb_build_object('exhaustedPermitId', f.live_permit_id) ELSE '{}' END,
             CASE WHEN NOT t.permitted THEN m.incident_id END
      FROM finding_line f
      CROSS JOIN LATERAL (
        SELECT 'OUT_OF_TERRITORY' AS type, f.permitted_by IS NOT NULL AS permitted WHERE f.out_of_territory
        UNION ALL
        SELECT 'BELOW_FLOOR', false WHERE f.below_floor
      ) t
      LEFT JOIN ${incidentOf('f')}
    ),
    daily AS (${ADD_TO_VIOLATION_DAILY(`
      SELECT CASE WHEN t.permitted THEN 'permitted' ELSE 'active' END AS status, f.sale_date AS occurred_on, t.type, f.offender_code,
             f.ship_to_region_code AS region_code, f.province_code, f.product_line, f.quantity, f.unit_price, f.floor_price
      FROM finding_line f
      CROSS JOIN LATERAL (
        SELECT 'OUT_OF_TERRITORY' AS type, f.permitted_by IS NOT NULL AS permitted WHERE f.out_of_territory
        UNION ALL
        SELECT 'BELOW_FLOOR', false WHERE f.below_floor
      ) t`)})
    -- Counted from the findings the statement inserts (cheaper than returning every row).
    SELECT 'OUT_OF_TERRITORY' AS type, CASE WHEN permitted_by IS NULL THEN 'active' ELSE 'permitted' END AS status, count(*)::int AS count
    FROM finding_line WHERE out_of_territory GROUP BY 2
    UNION ALL
    SELECT 'BELOW_FLOOR', 'active', count(*)::int FROM finding_line WHERE below_floor HAVING count(*) > 0`,

  figures: (incidentOf: (finding: string) => string) => `
    SELECT m.incident_id, f.quantity, f.unit_price, f.floor_price, f.ship_to_region_code AS region_code, f.sale_date AS occurred_on,
           f.victim_codes, f.violations
    FROM finding_line f JOIN ${incidentOf('f')}
    WHERE f.violations > 0`,
};
