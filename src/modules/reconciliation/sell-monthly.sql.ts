import { PRICE_BUCKET_SQL } from '../../common/money/price-bucket';

/** A report's lines (line key `key`) as sell-out by month and SKU, times `sign`. */
const SELL_OUT_OF_LINES = (key: string, sign: string) => `
    SELECT date_trunc('month', s.sale_date)::date AS month, s.sku, ${sign} * sum(s.quantity) AS units
    FROM sales_line s WHERE s.report_key = ${key} GROUP BY 1, 2`;

/** A report's lines (line key `key`), returns aside, as units sold by month, province, product line and price bucket, times `sign`. */
const PRICES_OF_LINES = (key: string, sign: string) => `
    SELECT date_trunc('month', s.sale_date)::date AS month, coalesce(g.province_code, g.code) AS province_code, p.product_line,
           ${PRICE_BUCKET_SQL('s.unit_price')} AS bucket, ${sign} * sum(s.quantity) AS units
    FROM sales_line s JOIN region g ON g.code = s.ship_to_region_code JOIN product p ON p.sku = s.sku
    WHERE s.report_key = ${key} AND s.quantity > 0
    GROUP BY 1, 2, 3, 4`;

/**
 * Keeps sell_monthly as the intake stores and retires lines: one grouped
 * upsert per batch, its rows in key order (two intakes touching the same
 * rows lock them in the same order, and do not deadlock). A correction
 * retires the report it replaces in the same upsert as it adds its own lines
 * ($3: the replaced report's line key, or null), so its rows too are locked
 * in one pass.
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
    FROM (SELECT t.month, t.sku, t.units FROM jsonb_to_recordset($2::jsonb) AS t (month date, sku text, units bigint)
          UNION ALL ${SELL_OUT_OF_LINES('$3::int', '-1')}) r
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (distributor_code, month, sku) DO UPDATE SET sell_out = m.sell_out + EXCLUDED.sell_out`,

  /** The lines of a report ($1 its line key, $2 its distributor) as sell-out. */
  reported: `
    INSERT INTO sell_monthly AS m (distributor_code, month, sku, sell_out)
    SELECT $2::text, r.month, r.sku, sum(r.units)
    FROM (${SELL_OUT_OF_LINES('$1::int', '1')} UNION ALL ${SELL_OUT_OF_LINES('$3::int', '-1')}) r
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (distributor_code, month, sku) DO UPDATE SET sell_out = m.sell_out + EXCLUDED.sell_out`,
};

/**
 * Keeps price_monthly (units sold per month, province, product line and 1%
 * price bucket) as reports are stored and retired, as sell_monthly is kept
 * ($2 / $3: the replaced report's line key, or null). A trigger on it keeps
 * price_yearly, its roll-up by calendar year (see the migration).
 */
export const PRICE_MONTHLY_SQL = {
  /** A report's units sold, tallied ($1: [{month, province, productLine, bucket, units}]). */
  tallied: `
    INSERT INTO price_monthly AS m (month, province_code, product_line, bucket, units)
    SELECT r.month, r.province_code, r.product_line, r.bucket, sum(r.units)
    FROM (SELECT t.month, t.province AS province_code, t."productLine" AS product_line, t.bucket, t.units
          FROM jsonb_to_recordset($1::jsonb) AS t (month date, province text, "productLine" text, bucket int, units bigint)
          UNION ALL ${PRICES_OF_LINES('$2::int', '-1')}) r
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, province_code, product_line, bucket) DO UPDATE SET units = m.units + EXCLUDED.units`,

  /** The lines of a report ($1 its line key), returns aside. */
  reported: `
    INSERT INTO price_monthly AS m (month, province_code, product_line, bucket, units)
    SELECT r.month, r.province_code, r.product_line, r.bucket, sum(r.units)
    FROM (${PRICES_OF_LINES('$1::int', '1')} UNION ALL ${PRICES_OF_LINES('$2::int', '-1')}) r
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, province_code, product_line, bucket) DO UPDATE SET units = m.units + EXCLUDED.units`,
};
