import { ADD_TO_VIOLATION_DAILY } from '../violations/violation-daily.sql';

/** Whether cutoff `a` (an incident_action row) was in force at the moment `at`: started, not yet ended, not yet lifted (isInForce's twin). */
export const CUTOFF_IN_FORCE = (a: string, at: string) =>
  `${a}.type = 'supply_cutoff' AND (${a}.lifted_at IS NULL OR ${a}.lifted_at > ${at}) AND ${a}.starts_at <= ${at} AND ${a}.ends_at > ${at}`;

/** Whether cutoff `a` covers a SKU of a product line: everything when it names neither lines nor SKUs. */
export const CUTOFF_COVERS = (a: string, sku: string, productLine: string) =>
  `((cardinality(${a}.product_lines) = 0 AND cardinality(${a}.skus) = 0) OR ${sku} = ANY (${a}.skus) OR ${productLine} = ANY (${a}.product_lines))`;

/**
 * Flags the lines of newly stored shipments (stored_shipment) sent to a
 * distributor under a supply cutoff covering the SKU when shipped: the
 * shipment is recorded all the same, and each such line is a CUTOFF_BREACH
 * of the shipping side (no offender) on the incident that imposed the
 * cutoff. Returns shipped back (a negative quantity) are no breach.
 * Answers (source_id, incident_id, type, count) per shipment and incident.
 */
export const CUTOFF_BREACH_SQL = `
  WITH breached AS (
    INSERT INTO violation (type, status, source_kind, source_id, line_no, offender_code, region_code, province_code, sku, product_line,
                           quantity, unit_price, occurred_on, incident_id, evidence)
    SELECT DISTINCT ON (l.shipment_id, l.line_no)
           'CUTOFF_BREACH', 'active', 'shipment', s.id::text, l.line_no, NULL, d.home_region_code, r.province_code, l.sku, p.product_line,
           l.quantity, l.unit_price, l.shipped_on, a.incident_id,
           jsonb_build_object('cutoffId', a.id, 'distributorCode', s.distributor_code, 'shipmentRef', s.shipment_ref,
                              'shippedAt', s.shipped_at, 'cutoffEndsAt', a.ends_at)
    FROM stored_shipment s
    JOIN shipment_line l ON l.shipment_id = s.id AND l.quantity > 0
    JOIN product p ON p.sku = l.sku
    JOIN distributor d ON d.code = s.distributor_code
    JOIN region r ON r.code = d.home_region_code
    JOIN incident_action a ON a.distributor_code = s.distributor_code AND ${CUTOFF_IN_FORCE('a', 's.shipped_at')} AND ${CUTOFF_COVERS('a', 'l.sku', 'p.product_line')}
    ORDER BY l.shipment_id, l.line_no, a.starts_at, a.id
    RETURNING source_id, incident_id, status, occurred_on, type, offender_code, region_code, province_code, product_line, quantity, unit_price, floor_price
  ),
  daily AS (${ADD_TO_VIOLATION_DAILY('SELECT * FROM breached')})
  SELECT source_id, incident_id, type, count(*)::int AS count FROM breached GROUP BY source_id, incident_id, type`;
