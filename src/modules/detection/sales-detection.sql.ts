import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';
import { coverageKeysSql, coveringPermitsSql, grantCutsSql, isCoveredSql, openSegmentsSql, victimsSql } from '../distributors/domain/coverage.sql';

/**
 * Detection over one sales report, set-based. Parameters: $lines (the
 * report's line key in sales_line), $report (its id), $distributor, $ref.
 *
 * One pass over the lines (SALES_SCAN_SQL) keeps the suspects: lines with an
 * unknown SKU or region (the batch check), and sales out of the territory or
 * priced below the highest distributor floor their SKU has anywhere. Each
 * line costs two hash lookups (its SKU, its region) and, when its region is
 * not covered by the usual all-lines grant, a few more: coverage is turned
 * into keys (coverage.sql).
 * The rules then run on the suspects alone: the applicable floor, victims,
 * permits. Returns (quantity <= 0) are never violations. The findings
 * (finding_line) go to the incident grouping through SALES_FINDINGS.
 */
const COVERAGE_CUTS = '(SELECT days FROM coverage_cut)';

const COVERED = isCoveredSql('coverage_key', COVERAGE_CUTS, {
  region: 'l.ship_to_region_code',
  productLine: 'p.product_line',
  channel: 'l.channel',
  date: 'l.sale_date',
  openSegments: 'r.open_segments',
});

export const SALES_SCAN_SQL: readonly string[] = [
  `CREATE TEMP TABLE coverage_cut ON COMMIT DROP AS ${grantCutsSql('$distributor::text')}`,
  `CREATE TEMP TABLE coverage_key ON COMMIT DROP AS ${coverageKeysSql('$distributor::text', COVERAGE_CUTS)}`,
  `ANALYZE coverage_key`,
  // Each SKU with its line and the highest distributor floor it has anywhere, at any time: a sale at or above that is above its floor.
  `CREATE TEMP TABLE sku_info ON COMMIT DROP AS
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
   ) t ON t.sku = p.sku`,
  `ANALYZE sku_info`,
  // Each region with its province and the segments in which the reporting distributor's usual grants cover it.
  `CREATE TEMP TABLE region_info ON COMMIT DROP AS
   SELECT r.code, coalesce(r.province_code, r.code) AS province_code, coalesce(o.segments, '{}') AS open_segments
   FROM region r LEFT JOIN (${openSegmentsSql('coverage_key')}) o ON o.region_code = r.code`,
  `ANALYZE region_info`,
  // The one pass over the lines.
  `CREATE TEMP TABLE suspect_line ON COMMIT DROP AS
   SELECT l.line_no, l.sale_date, l.sku, p.product_line, l.quantity, l.unit_price, l.channel, l.customer_ref, l.ship_to_region_code,
          r.code IS NOT NULL AS region_known, r.province_code, l.lot, l.serial, NOT ${COVERED} AS out_of_territory
   FROM sales_line l
   LEFT JOIN sku_info p ON p.sku = l.sku
   LEFT JOIN region_info r ON r.code = l.ship_to_region_code
   WHERE l.report_key = $lines
     AND (p.sku IS NULL OR r.code IS NULL OR (l.quantity > 0 AND (l.unit_price < p.top_floor OR NOT ${COVERED})))`,
  `ANALYZE suspect_line`,
];

/** The batch checks, on the suspects: SKUs and regions that do not exist. */
export const UNKNOWN_CODES_SQL = `
  SELECT count(*) FILTER (WHERE product_line IS NULL)::int AS unknown_skus, count(*) FILTER (WHERE NOT region_known)::int AS unknown_regions
  FROM suspect_line`;

export const SALES_DETECTION_SQL: readonly string[] = [
  // Per distinct (SKU, channel, region, day) of the suspect sales: the applicable floor and the victims.
  `CREATE TEMP TABLE suspect_key ON COMMIT DROP AS
   SELECT (row_number() OVER ())::int AS line_id, $distributor::text AS distributor_code, $distributor::text AS offender_code,
          sku, product_line, channel, region_code, sale_date, out_of_territory, min_price
   FROM (
     SELECT sku, product_line, channel, ship_to_region_code AS region_code, sale_date,
            bool_or(out_of_territory) AS out_of_territory, min(unit_price) AS min_price
     FROM suspect_line WHERE quantity > 0
     GROUP BY sku, product_line, channel, ship_to_region_code, sale_date
   ) k`,
  `ANALYZE suspect_key`,
  `CREATE TEMP TABLE key_floor ON COMMIT DROP AS
   SELECT af.line_id, af.floor_id, af.min_unit_price AS floor_price
   FROM (${applicableFloorSql(`(SELECT line_id, sku, product_line, channel, region_code, sale_date, 'distributor'::text AS level FROM suspect_key) i`)}) af`,
  // The victims of each key that breaches (out of the territory, or priced under its floor on one of its lines).
  `CREATE TEMP TABLE key_victims ON COMMIT DROP AS
   SELECT line_id, array_agg(distributor_code ORDER BY distributor_code) AS victims
   FROM (${victimsSql(`(SELECT sk.* FROM suspect_key sk LEFT JOIN key_floor kf ON kf.line_id = sk.line_id
                  WHERE sk.out_of_territory OR sk.min_price < kf.floor_price) i`)}) v
   GROUP BY line_id`,
  // Live permits of the out-of-territory lines (judged on the line's own day): one per line, a permit without a
  // maximum first, else the earliest.
  `CREATE TEMP TABLE oot_permit ON COMMIT DROP AS
   SELECT DISTINCT ON (cp.line_id) cp.line_id AS line_no, cp.permit_id
   FROM (${coveringPermitsSql(`(SELECT line_no AS line_id, $distributor::text AS distributor_code, sku, product_line, channel,
                                       ship_to_region_code AS region_code, sale_date FROM suspect_line WHERE quantity > 0 AND out_of_territory) i`)}) cp
   ORDER BY cp.line_id, cp.max_quantity IS NULL DESC, cp.permit_id`,
  `SELECT id FROM transfer_permit WHERE id IN (SELECT permit_id FROM oot_permit) ORDER BY id FOR UPDATE`,
  // A permit with a maximum covers lines in day and line order while its quantity lasts.
  `CREATE TEMP TABLE permitted_line ON COMMIT DROP AS
   SELECT line_no, permit_id, quantity FROM (
     SELECT op.line_no, op.permit_id, s.quantity, p.max_quantity, p.used_quantity,
            sum(s.quantity) OVER (PARTITION BY op.permit_id ORDER BY s.sale_date, s.line_no) AS running
     FROM oot_permit op JOIN suspect_line s ON s.line_no = op.line_no JOIN transfer_permit p ON p.id = op.permit_id
   ) used
   WHERE max_quantity IS NULL OR used_quantity + running <= max_quantity`,
  `UPDATE transfer_permit p SET used_quantity = p.used_quantity + used.total
   FROM (SELECT permit_id, sum(quantity) AS total FROM permitted_line GROUP BY permit_id) used
   WHERE p.id = used.permit_id`,
  // The offender's grants considered, per (product line, channel, day) of the suspects: every violation carries them.
  `CREATE TEMP TABLE grant_evidence ON COMMIT DROP AS
   SELECT k.product_line, k.channel, k.sale_date, jsonb_build_object('grantsConsidered', to_jsonb((array_agg(jsonb_build_object(
            'id', g.id, 'regionCode', g.region_code, 'productLine', g.product_line, 'channel', g.channel,
            'validFrom', g.valid_from, 'validTo', g.valid_to) ORDER BY g.region_code, g.id))[1:20])) AS evidence
   FROM (SELECT DISTINCT product_line, channel, sale_date FROM suspect_key) k
   JOIN territory_grant g ON g.distributor_code = $distributor::text
    AND (g.product_line IS NULL OR g.product_line = k.product_line) AND (g.channel IS NULL OR g.channel = k.channel)
    AND g.valid_from <= k.sale_date AND (g.valid_to IS NULL OR g.valid_to >= k.sale_date)
   GROUP BY k.product_line, k.channel, k.sale_date`,
  // Each breaching line as a finding, with its floor and victims, how many active violations it carries, its grouping key.
  `CREATE TEMP TABLE finding_line ON COMMIT DROP AS
   SELECT f.*, coalesce(kv.victims, '{}') AS victim_codes, pl.permit_id AS permitted_by, op.permit_id AS live_permit_id,
          (f.out_of_territory AND pl.line_no IS NULL)::int + f.below_floor::int AS violations,
          $distributor::text AS offender_code, f.province_code AS destination
   FROM (
     SELECT s.line_no, s.sale_date, s.sku, s.product_line, s.quantity, s.unit_price, s.channel, s.customer_ref, s.ship_to_region_code,
            s.province_code, s.lot, s.serial, k.line_id AS key_id, kf.floor_id, kf.floor_price, s.out_of_territory,
            coalesce(s.unit_price < kf.floor_price, false) AS below_floor
     FROM suspect_line s
     JOIN suspect_key k ON k.sku = s.sku AND coalesce(k.channel, '') = coalesce(s.channel, '') AND k.region_code = s.ship_to_region_code
                       AND k.sale_date = s.sale_date
     LEFT JOIN key_floor kf ON kf.line_id = k.line_id
     WHERE s.quantity > 0 AND (s.out_of_territory OR s.unit_price < kf.floor_price)
   ) f
   LEFT JOIN key_victims kv ON kv.line_id = f.key_id
   LEFT JOIN permitted_line pl ON pl.line_no = f.line_no
   LEFT JOIN oot_permit op ON op.line_no = f.line_no`,
];

const NO_GRANTS = `'{"grantsConsidered": []}'::jsonb`;
const GRANT_EVIDENCE_OF = (finding: string) =>
  `grant_evidence g ON g.product_line = ${finding}.product_line AND coalesce(g.channel, '') = coalesce(${finding}.channel, '') AND g.sale_date = ${finding}.sale_date`;

/**
 * The findings of SALES_DETECTION_SQL, for the incident grouping, which owns
 * incidents: it gives `incidentOf`, the join from a finding (by alias, with
 * offender_code, product_line and destination) to its incident.
 */
export const SALES_FINDINGS = {
  keys: `SELECT offender_code, product_line, destination FROM finding_line WHERE violations > 0`,

  insert: (incidentOf: (finding: string) => string) => `
    WITH inserted AS (
      INSERT INTO violation (type, status, source_kind, source_id, report_id, report_ref, line_no, offender_code, victim_codes,
        region_code, province_code, sku, product_line, quantity, unit_price, floor_price, floor_id, permit_id, occurred_on,
        channel, customer_ref, lot, serial, confidence, evidence, incident_id)
      SELECT 'OUT_OF_TERRITORY', CASE WHEN f.permitted_by IS NULL THEN 'active' ELSE 'permitted' END, 'sales_line', $report::text, $report::uuid,
             $ref::text, f.line_no, f.offender_code, f.victim_codes, f.ship_to_region_code, f.province_code, f.sku, f.product_line, f.quantity,
             f.unit_price, f.floor_price, f.floor_id, f.permitted_by, f.sale_date, f.channel, f.customer_ref, f.lot, f.serial, 'high',
             CASE WHEN f.live_permit_id IS NOT NULL AND f.permitted_by IS NULL
                  THEN coalesce(g.evidence, ${NO_GRANTS}) || jsonb_build_object('exhaustedPermitId', f.live_permit_id)
                  ELSE coalesce(g.evidence, ${NO_GRANTS}) END,
             CASE WHEN f.permitted_by IS NULL THEN m.incident_id END
      FROM finding_line f
      LEFT JOIN ${GRANT_EVIDENCE_OF('f')}
      LEFT JOIN ${incidentOf('f')}
      WHERE f.out_of_territory
      UNION ALL
      SELECT 'BELOW_FLOOR', 'active', 'sales_line', $report::text, $report::uuid, $ref::text, f.line_no, f.offender_code, f.victim_codes,
             f.ship_to_region_code, f.province_code, f.sku, f.product_line, f.quantity, f.unit_price, f.floor_price, f.floor_id, NULL, f.sale_date,
             f.channel, f.customer_ref, f.lot, f.serial, 'high', coalesce(g.evidence, ${NO_GRANTS}), m.incident_id
      FROM finding_line f
      LEFT JOIN ${GRANT_EVIDENCE_OF('f')}
      LEFT JOIN ${incidentOf('f')}
      WHERE f.below_floor
      RETURNING type, status
    )
    SELECT type, status, count(*)::int AS count FROM inserted GROUP BY type, status`,

  figures: (incidentOf: (finding: string) => string) => `
    SELECT m.incident_id, f.quantity, f.unit_price, f.floor_price, f.ship_to_region_code AS region_code, f.sale_date AS occurred_on,
           f.victim_codes, f.violations
    FROM finding_line f JOIN ${incidentOf('f')}
    WHERE f.violations > 0`,
};
