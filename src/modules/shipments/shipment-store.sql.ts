/**
 * Stores the new shipments of a checked batch (new_shipment): the shipments,
 * their lines, and one code_binding row per serial or range. $source (json,
 * csv), $timezone (the business time zone, for a line's shipped_on).
 */
export const STORE_SHIPMENTS_SQL = [
  `CREATE TEMP TABLE stored_shipment ON COMMIT DROP AS
   WITH inserted AS (
     INSERT INTO shipment (shipment_ref, distributor_code, shipped_at, content_hash, line_count, unit_count, code_count, source)
     SELECT shipment_ref, distributor_code, shipped_at, content_hash, lines, units, codes, $source::text FROM new_shipment ORDER BY shipment_ref
     RETURNING *
   )
   SELECT * FROM inserted`,
  `INSERT INTO shipment_line (shipment_id, line_no, distributor_code, sku, quantity, unit_price, lot, shipped_on)
   SELECT n.id, btrim(s.line_no)::int, n.distributor_code, btrim(s.sku), btrim(s.quantity)::int, btrim(s.unit_price)::numeric,
          nullif(btrim(s.lot), ''), (n.shipped_at AT TIME ZONE $timezone::text)::date
   FROM shipment_stage s JOIN stored_shipment n ON n.shipment_ref = btrim(s.shipment_ref)`,
  `INSERT INTO code_binding (shipment_id, line_no, distributor_code, sku, prefix, width, first_number, last_number)
   SELECT n.id, c.line_no, n.distributor_code, l.sku, c.prefix, c.width, c.first_number, c.last_number
   FROM staged_code_range c
   JOIN stored_shipment n ON n.shipment_ref = c.shipment_ref
   JOIN shipment_line l ON l.shipment_id = n.id AND l.line_no = c.line_no`,
];
