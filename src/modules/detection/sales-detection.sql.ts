import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';
import { coveringGrantsSql, coveringPermitsSql, victimsSql } from '../distributors/domain/coverage.sql';

/**
 * Detection over one sales report, set-based. Parameters: $report (id),
 * $distributor, $ref (the report ref). The rules run on the distinct combinations the
 * lines share (a million lines repeat a few thousand (SKU, region, channel,
 * date) tuples), then only the lines of breaching combinations are touched.
 * Returns (quantity <= 0) are never violations.
 *
 * Runs in the import's transaction and leaves its findings in detected_violation.
 */
export const SALES_DETECTION_SQL: readonly string[] = [
  // Price combinations, with the lowest price each one sold at.
  `CREATE TEMP TABLE floor_combo ON COMMIT DROP AS
          SELECT (row_number() OVER ())::int AS line_id, sku, product_line, channel, ship_to_region_code AS region_code,
                 sale_date, 'distributor'::text AS level, min(unit_price) AS min_price
          FROM sales_line WHERE report_id = $report::uuid AND quantity > 0
          GROUP BY sku, product_line, channel, ship_to_region_code, sale_date`,
  `ANALYZE floor_combo`,
  `CREATE TEMP TABLE combo_floor ON COMMIT DROP AS
          SELECT af.line_id AS combo_id, af.floor_id, af.min_unit_price AS floor_price FROM (${applicableFloorSql('floor_combo i')}) af`,
  // Territory combinations: the SKU does not matter to coverage, its line does.
  `CREATE TEMP TABLE territory_combo ON COMMIT DROP AS
          SELECT (row_number() OVER ())::int AS line_id, $distributor::text AS distributor_code, $distributor::text AS offender_code, NULL::text AS sku,
                 product_line, channel, region_code, sale_date
          FROM (SELECT DISTINCT product_line, channel, region_code, sale_date FROM floor_combo) d`,
  `ANALYZE territory_combo`,
  `CREATE TEMP TABLE uncovered_combo ON COMMIT DROP AS
          SELECT * FROM territory_combo WHERE line_id NOT IN (SELECT c.line_id FROM (${coveringGrantsSql('territory_combo i')}) c)`,
  // Lines shipped outside the territory.
  `CREATE TEMP TABLE oot_line ON COMMIT DROP AS
          SELECT l.line_no, l.sku, l.product_line, l.channel, l.ship_to_region_code, l.province_code, l.sale_date,
                 l.quantity, l.unit_price, l.customer_ref, l.lot, l.serial, u.line_id AS territory_combo_id
          FROM sales_line l
          JOIN uncovered_combo u ON u.product_line = l.product_line AND u.region_code = l.ship_to_region_code
                                AND u.sale_date = l.sale_date AND coalesce(u.channel, '') = coalesce(l.channel, '')
          WHERE l.report_id = $report::uuid AND l.quantity > 0`,
  // Lines sold below the distributor-level floor (only combinations whose lowest price is below it).
  `CREATE TEMP TABLE below_line ON COMMIT DROP AS
          SELECT l.line_no, l.sku, l.product_line, l.channel, l.ship_to_region_code, l.province_code, l.sale_date,
                 l.quantity, l.unit_price, l.customer_ref, l.lot, l.serial, f.floor_id, f.floor_price
          FROM floor_combo c
          JOIN combo_floor f ON f.combo_id = c.line_id AND c.min_price < f.floor_price
          JOIN sales_line l ON l.report_id = $report::uuid AND l.quantity > 0 AND l.sku = c.sku AND l.ship_to_region_code = c.region_code
                           AND l.sale_date = c.sale_date AND coalesce(l.channel, '') = coalesce(c.channel, '')
          WHERE l.unit_price < f.floor_price`,
  // The floor of each out-of-territory line too: it values the dumped goods.
  `CREATE TEMP TABLE oot_floor ON COMMIT DROP AS
          SELECT o.line_no, f.floor_id, f.floor_price
          FROM oot_line o
          JOIN floor_combo c ON c.sku = o.sku AND c.region_code = o.ship_to_region_code AND c.sale_date = o.sale_date
                            AND coalesce(c.channel, '') = coalesce(o.channel, '')
          JOIN combo_floor f ON f.combo_id = c.line_id`,
  // Live permits: one per line (the earliest), and only while the permit's quantity lasts.
  `CREATE TEMP TABLE oot_permit ON COMMIT DROP AS
          SELECT DISTINCT ON (cp.line_id) cp.line_id AS line_no, cp.permit_id
          FROM (${coveringPermitsSql(`(SELECT line_no AS line_id, $distributor::text AS distributor_code, sku, product_line, channel,
                                              ship_to_region_code AS region_code, sale_date FROM oot_line) i`)}) cp
          ORDER BY cp.line_id, cp.permit_id`,
  `SELECT id FROM transfer_permit WHERE id IN (SELECT permit_id FROM oot_permit) ORDER BY id FOR UPDATE`,
  `CREATE TEMP TABLE permitted_line ON COMMIT DROP AS
          SELECT line_no, permit_id, quantity FROM (
            SELECT op.line_no, op.permit_id, o.quantity, p.max_quantity, p.used_quantity,
                   sum(o.quantity) OVER (PARTITION BY op.permit_id ORDER BY o.sale_date, o.line_no) AS running
            FROM oot_permit op JOIN oot_line o ON o.line_no = op.line_no JOIN transfer_permit p ON p.id = op.permit_id
          ) used
          WHERE max_quantity IS NULL OR used_quantity + running <= max_quantity`,
  `UPDATE transfer_permit p SET used_quantity = p.used_quantity + used.total
          FROM (SELECT permit_id, sum(quantity)::int AS total FROM permitted_line GROUP BY permit_id) used
          WHERE p.id = used.permit_id`,
  // Victims, for every combination with a breach.
  `CREATE TEMP TABLE breach_combo ON COMMIT DROP AS
          SELECT * FROM territory_combo t
          WHERE t.line_id IN (SELECT territory_combo_id FROM oot_line)
             OR EXISTS (SELECT 1 FROM below_line b WHERE b.product_line = t.product_line AND b.ship_to_region_code = t.region_code
                         AND b.sale_date = t.sale_date AND coalesce(b.channel, '') = coalesce(t.channel, ''))`,
  `CREATE TEMP TABLE combo_victims ON COMMIT DROP AS
          SELECT line_id, array_agg(distributor_code ORDER BY distributor_code) AS victims
          FROM (${victimsSql('breach_combo i')}) v GROUP BY line_id`,
  // The grants that were considered for each out-of-territory combination: the distributor's territory that day.
  `CREATE TEMP TABLE combo_grants ON COMMIT DROP AS
          SELECT u.line_id, to_jsonb((array_agg(jsonb_build_object('id', g.id, 'regionCode', g.region_code, 'productLine', g.product_line,
                   'channel', g.channel, 'validFrom', g.valid_from, 'validTo', g.valid_to) ORDER BY g.region_code, g.id))[1:20]) AS grants
          FROM uncovered_combo u
          JOIN territory_grant g ON g.distributor_code = u.distributor_code
           AND (g.product_line IS NULL OR g.product_line = u.product_line) AND (g.channel IS NULL OR g.channel = u.channel)
           AND g.valid_from <= u.sale_date AND (g.valid_to IS NULL OR g.valid_to >= u.sale_date)
          GROUP BY u.line_id`,
  `INSERT INTO detected_violation (type, status, source_kind, source_id, report_id, report_ref, line_no, offender_code, victim_codes,
            region_code, province_code, sku, product_line, quantity, unit_price, floor_price, floor_id, permit_id, occurred_on, confidence, evidence)
          SELECT 'OUT_OF_TERRITORY', CASE WHEN pl.line_no IS NULL THEN 'active' ELSE 'permitted' END, 'sales_line', $report::text, $report::uuid, $ref::text, o.line_no, $distributor::text,
                 coalesce(cv.victims, '{}'), o.ship_to_region_code, o.province_code, o.sku, o.product_line, o.quantity, o.unit_price,
                 f.floor_price, f.floor_id, pl.permit_id, o.sale_date, 'high',
                 jsonb_build_object(
                   'line', jsonb_build_object('reportRef', $ref::text, 'lineNo', o.line_no, 'saleDate', o.sale_date, 'sku', o.sku, 'quantity', o.quantity,
                     'unitPrice', money_text(o.unit_price), 'channel', o.channel, 'customerRef', o.customer_ref, 'shipToRegionCode', o.ship_to_region_code,
                     'lot', o.lot, 'serial', o.serial),
                   'rule', format('ship-to region %s is outside %s''s territory for %s%s on %s', o.ship_to_region_code, $distributor::text, o.product_line,
                     coalesce(' in channel ' || o.channel, ''), o.sale_date),
                   'grantsConsidered', coalesce(cg.grants, '[]'::jsonb),
                   'floor', CASE WHEN f.floor_id IS NULL THEN NULL ELSE jsonb_build_object('id', f.floor_id, 'minUnitPrice', money_text(f.floor_price)) END,
                   'permitId', coalesce(pl.permit_id, op.permit_id),
                   'permitExhausted', op.permit_id IS NOT NULL AND pl.line_no IS NULL)
          FROM oot_line o
          LEFT JOIN permitted_line pl ON pl.line_no = o.line_no
          LEFT JOIN oot_permit op ON op.line_no = o.line_no
          LEFT JOIN oot_floor f ON f.line_no = o.line_no
          LEFT JOIN combo_victims cv ON cv.line_id = o.territory_combo_id
          LEFT JOIN combo_grants cg ON cg.line_id = o.territory_combo_id`,
  `INSERT INTO detected_violation (type, status, source_kind, source_id, report_id, report_ref, line_no, offender_code, victim_codes,
            region_code, province_code, sku, product_line, quantity, unit_price, floor_price, floor_id, permit_id, occurred_on, confidence, evidence)
          SELECT 'BELOW_FLOOR', 'active', 'sales_line', $report::text, $report::uuid, $ref::text, b.line_no, $distributor::text, coalesce(cv.victims, '{}'), b.ship_to_region_code,
                 b.province_code, b.sku, b.product_line, b.quantity, b.unit_price, b.floor_price, b.floor_id, NULL, b.sale_date, 'high',
                 jsonb_build_object(
                   'line', jsonb_build_object('reportRef', $ref::text, 'lineNo', b.line_no, 'saleDate', b.sale_date, 'sku', b.sku, 'quantity', b.quantity,
                     'unitPrice', money_text(b.unit_price), 'channel', b.channel, 'customerRef', b.customer_ref, 'shipToRegionCode', b.ship_to_region_code,
                     'lot', b.lot, 'serial', b.serial),
                   'rule', format('unit price %s is below the distributor floor %s', money_text(b.unit_price), money_text(b.floor_price)),
                   'floor', jsonb_build_object('id', b.floor_id, 'minUnitPrice', money_text(b.floor_price)))
          FROM below_line b
          LEFT JOIN territory_combo t ON t.product_line = b.product_line AND t.region_code = b.ship_to_region_code AND t.sale_date = b.sale_date
                                     AND coalesce(t.channel, '') = coalesce(b.channel, '')
          LEFT JOIN combo_victims cv ON cv.line_id = t.line_id`,
];
