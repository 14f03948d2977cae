import { PRICE_BUCKET_SQL } from '../../common/money/price-bucket';

/**
 * Keeps sell_monthly as the intake stores and retires lines: one grouped
 * upsert per batch, its rows in key order (two intakes touching the same
 * rows lock them in the same order, and do not deadlock).
 */
export const SELL_MONTHLY_SQL = {
  /** The lines of the shipments just stored (stored_shipment), as sell-in. */
  shipped: `
    INSERT INTO sell_monthly AS m (distributor_code, month, sku, sell_in)
    SELECT l.distributor_code, date_trunc('month', l.shipped_on)::date, l.sku, sum(l.quantity)
    FROM stored_shipment s JOIN shipment_line l ON l.shipment_id = s.id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (distributor_code, month, sku) DO UPDATE SET sell_in = m.sell_in + EXCLUDED.sell_in`,

  /** A report's units tallied by month and SKU ($2: [{month, sku, units}]) as its distributor's ($1) sell-out. */
  tallied: `
    INSERT INTO sell_monthly AS m (distributor_code, month, sku, sell_out)
    SELECT $1::text, r.month, r.sku, sum(r.units)
    FROM jsonb_to_recordset($2::jsonb) AS r (month date, sku text, units bigint)
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (distributor_code, month, sku) DO UPDATE SET sell_out = m.sell_out + EXCLUDED.sell_out`,

  /** The lines of a report ($1 its line key, $2 its distributor) as sell-out, with $3 = 1 when stored, -1 when retired. */
  reported: `
    INSERT INTO sell_monthly AS m (distributor_code, month, sku, sell_out)
    SELECT $2::text, date_trunc('month', s.sale_date)::date, s.sku, $3::int * sum(s.quantity)
    FROM sales_line s
    WHERE s.report_key = $1::int
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (distributor_code, month, sku) DO UPDATE SET sell_out = m.sell_out + EXCLUDED.sell_out`,
};

/** Keeps price_monthly (units sold per month, province, product line and 1% price bucket) as reports are stored and retired. */
export const PRICE_MONTHLY_SQL = {
  /** A report's units sold, tallied ($1: [{month, province, productLine, bucket, units}]). */
  tallied: `
    INSERT INTO price_monthly AS m (month, province_code, product_line, bucket, units)
    SELECT r.month, r.province, r."productLine", r.bucket, sum(r.units)
    FROM jsonb_to_recordset($1::jsonb) AS r (month date, province text, "productLine" text, bucket int, units bigint)
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, province_code, product_line, bucket) DO UPDATE SET units = m.units + EXCLUDED.units`,

  /** The lines of a report ($1 its line key), returns aside, with $2 = 1 when stored, -1 when retired. */
  reported: `
    INSERT INTO price_monthly AS m (month, province_code, product_line, bucket, units)
    SELECT date_trunc('month', s.sale_date)::date, coalesce(g.province_code, g.code), p.product_line, ${PRICE_BUCKET_SQL('s.unit_price')}, $2::int * sum(s.quantity)
    FROM sales_line s JOIN region g ON g.code = s.ship_to_region_code JOIN product p ON p.sku = s.sku
    WHERE s.report_key = $1::int AND s.quantity > 0
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, province_code, product_line, bucket) DO UPDATE SET units = m.units + EXCLUDED.units`,
};
