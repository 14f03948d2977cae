import { applicableFloorSql } from '../catalog/domain/floor-precedence.sql';
import { coveringPermitsSql, victimsSql } from '../distributors/domain/coverage.sql';

/**
 * A grant of the candidate's distributor covering the sighting's region, line and day. A sighting has no channel: a
 * grant limited to a channel covers it too (a shelf may be that channel's).
 */
const SIGHTING_COVERED = `
  SELECT 1 FROM region_closure rc
  JOIN territory_grant g ON g.region_code = rc.ancestor_code AND g.distributor_code = c.offender_code
  WHERE rc.descendant_code = c.region_code AND (g.product_line IS NULL OR g.product_line = c.product_line)
    AND g.valid_from <= c.sale_date AND (g.valid_to IS NULL OR g.valid_to >= c.sale_date)`;

/**
 * Detection over one sighting, with the rules bulk detection uses, in one
 * statement that answers the findings. The candidates come from its traces
 * (domain/sighting-candidates.ts): one per traced distributor
 * (DIVERTED_GOODS), one for the codes never shipped (UNKNOWN_CODE), one for
 * the price (BELOW_RETAIL_FLOOR). Parameters: the candidates as arrays, then
 * the sighting ($sku, $product_line, $region, $province, $day, $price).
 * Diverted goods are those sighted where their distributor may not sell (a
 * live transfer permit makes them permitted); a price is below the retail
 * floor or it is no finding; codes never shipped always are.
 */
export const SIGHTING_DETECTION_SQL = `
  WITH sighting_candidate AS MATERIALIZED (
    SELECT c.line_id, c.type, c.offender_code, c.offender_code AS distributor_code, c.confidence, c.quantity, c.evidence, c.checked,
           $sku::text AS sku, $product_line::text AS product_line, NULL::text AS channel, $region::text AS region_code, $day::date AS sale_date,
           'retail'::text AS level
    FROM unnest($line_ids::int[], $types::text[], $offenders::text[], $confidences::text[], $quantities::int[], $evidence::jsonb[], $checked::boolean[])
         AS c (line_id, type, offender_code, confidence, quantity, evidence, checked)
  )
  SELECT c.type, c.offender_code, c.confidence, c.quantity, c.evidence, c.region_code, $province::text AS destination, c.sale_date::text,
         c.product_line, f.floor_id, f.min_unit_price::text AS floor_price, $price::numeric::text AS unit_price, p.permit_id,
         coalesce(v.victims, '{}') AS victim_codes, (p.permit_id IS NULL)::int AS violations
  FROM sighting_candidate c
  LEFT JOIN (${applicableFloorSql('(SELECT * FROM sighting_candidate WHERE line_id = 0) i')}) f ON true
  LEFT JOIN (SELECT DISTINCT ON (line_id) line_id, permit_id FROM (${coveringPermitsSql('sighting_candidate i')}) cp
             ORDER BY line_id, max_quantity IS NULL DESC, permit_id) p ON p.line_id = c.line_id AND c.type = 'DIVERTED_GOODS'
  LEFT JOIN (SELECT line_id, array_agg(distributor_code ORDER BY distributor_code) AS victims FROM (${victimsSql('sighting_candidate i')}) v
             GROUP BY line_id) v ON v.line_id = c.line_id
  WHERE CASE c.type
          WHEN 'DIVERTED_GOODS' THEN NOT EXISTS (${SIGHTING_COVERED})
          WHEN 'BELOW_RETAIL_FLOOR' THEN c.checked AND $price::numeric < f.min_unit_price
          ELSE true
        END
  ORDER BY c.type, c.line_id`;

/** A row of SIGHTING_DETECTION_SQL: one finding, active (violations 1) or under a transfer permit (0). */
export interface SightingFinding {
  type: string;
  offender_code: string | null;
  confidence: string | null;
  quantity: number;
  evidence: Record<string, unknown>;
  region_code: string;
  destination: string;
  sale_date: string;
  product_line: string;
  floor_id: string | null;
  floor_price: string | null;
  unit_price: string;
  permit_id: string | null;
  victim_codes: string[];
  violations: number;
  /** The incident an active finding joins, set by the grouping. */
  incident_id?: string | null;
}

/**
 * A violation's columns, named: a prepared statement that returned * would fail on every connection that prepared it
 * once a migration adds a column.
 */
const VIOLATION_COLUMNS = `id, type, status, source_kind, source_id, report_id, report_ref, line_no, offender_code, victim_codes, region_code,
    province_code, sku, product_line, quantity, unit_price, floor_price, floor_id, permit_id, occurred_on, channel, customer_ref, lot, serial,
    confidence, incident_id, evidence, void_reason, detected_at`;

/** Stores a sighting's findings ($findings: SightingFinding rows with their incidents) as violations, returning them. */
export const SIGHTING_VIOLATIONS_INSERT_SQL = `
  INSERT INTO violation (type, status, source_kind, source_id, offender_code, victim_codes, region_code, province_code, sku, product_line,
    quantity, unit_price, floor_price, floor_id, permit_id, occurred_on, confidence, evidence, incident_id)
  SELECT f.type, CASE WHEN f.violations > 0 THEN 'active' ELSE 'permitted' END, 'sighting', $sighting::text, f.offender_code, f.victim_codes,
         f.region_code, f.destination, $sku::text, f.product_line, f.quantity, f.unit_price, f.floor_price, f.floor_id, f.permit_id, f.sale_date,
         f.confidence, f.evidence, CASE WHEN f.violations > 0 THEN f.incident_id END
  FROM jsonb_to_recordset($findings::jsonb) AS f (type text, offender_code text, confidence text, quantity int, evidence jsonb,
       region_code text, destination text, sale_date date, product_line text, floor_id uuid, floor_price numeric, unit_price numeric,
       permit_id uuid, victim_codes text[], violations int, incident_id uuid)
  ORDER BY f.type, f.offender_code
  RETURNING ${VIOLATION_COLUMNS}`;

/**
 * What a sighting's active violations (`inserted`, the rows SIGHTING_VIOLATIONS_INSERT_SQL returns) add to their
 * incidents: it counts once in each incident it joins, as REFRESH_SCALE_SQL counts a source line once.
 */
export const SIGHTING_FIGURES_SQL = `
  SELECT incident_id, max(quantity) AS quantity, max(unit_price) AS unit_price, max(floor_price) AS floor_price,
         min(region_code) AS region_code, min(occurred_on) AS occurred_on, min(victim_codes) AS victim_codes, count(*)::int AS violations
  FROM inserted
  WHERE status = 'active' AND incident_id IS NOT NULL
  GROUP BY incident_id`;
