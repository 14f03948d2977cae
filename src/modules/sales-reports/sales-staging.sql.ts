/**
 * A sales report is staged as text (COPY for files, unnest for JSON), checked
 * in SQL over the whole batch, then moved typed into sales_line. Nothing
 * reaches sales_line unless every line passes.
 */
export const SALES_COLUMNS = [
  'line_no',
  'sale_date',
  'sku',
  'quantity',
  'unit_price',
  'channel',
  'customer_ref',
  'ship_to_region_code',
  'lot',
  'serial',
] as const;

export const CREATE_SALES_STAGE_SQL = `
  CREATE TEMP TABLE sales_stage (
    file_line integer NOT NULL,
    ${SALES_COLUMNS.map((column) => `${column} text`).join(',\n    ')}
  ) ON COMMIT DROP`;

export const COPY_SALES_STAGE_SQL = `COPY sales_stage (file_line, ${SALES_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`;

export const STAGE_SALES_FROM_ARRAYS_SQL = `
  INSERT INTO sales_stage (file_line, ${SALES_COLUMNS.join(', ')})
  SELECT * FROM unnest($1::int[], ${SALES_COLUMNS.map((_, i) => `$${i + 2}::text[]`).join(', ')})`;

const blank = (column: string) => `nullif(btrim(s.${column}), '') IS NULL`;
const shown = (column: string) => `left(s.${column}, 40)`;

/** One row per problem: (line, field, message). A line may have several. */
export const FIND_SALES_PROBLEMS_SQL = `
  CREATE TEMP TABLE import_problem ON COMMIT DROP AS
  SELECT s.file_line AS line, p.field, p.message
  FROM sales_stage s
  LEFT JOIN product pr ON pr.sku = btrim(s.sku)
  LEFT JOIN region rg ON rg.code = btrim(s.ship_to_region_code)
  CROSS JOIN LATERAL (VALUES
    ('line_no', CASE
       WHEN ${blank('line_no')} THEN 'line_no is required'
       WHEN btrim(s.line_no) !~ '^[0-9]{1,9}$' THEN format('line_no must be a positive whole number, not "%s"', ${shown('line_no')})
       WHEN btrim(s.line_no)::int = 0 THEN 'line_no must be a positive whole number, not 0' END),
    ('sale_date', CASE
       WHEN ${blank('sale_date')} THEN 'sale_date is required'
       WHEN btrim(s.sale_date) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' OR NOT pg_input_is_valid(btrim(s.sale_date), 'date')
         THEN format('sale_date must be a date as YYYY-MM-DD, not "%s"', ${shown('sale_date')}) END),
    ('sku', CASE
       WHEN ${blank('sku')} THEN 'sku is required'
       WHEN pr.sku IS NULL THEN format('unknown SKU "%s"', ${shown('sku')}) END),
    ('quantity', CASE
       WHEN ${blank('quantity')} THEN 'quantity is required'
       WHEN btrim(s.quantity) !~ '^-?[0-9]{1,9}$' THEN format('quantity must be a whole number, not "%s"', ${shown('quantity')})
       WHEN btrim(s.quantity)::int = 0 THEN 'quantity must not be zero (negative quantities are returns)' END),
    ('unit_price', CASE
       WHEN ${blank('unit_price')} THEN 'unit_price is required'
       WHEN btrim(s.unit_price) !~ '^[0-9]{1,14}([.][0-9]{1,4})?$'
         THEN format('unit_price must be a decimal of zero or more such as 12.50, not "%s"', ${shown('unit_price')}) END),
    ('channel', CASE WHEN length(s.channel) > 100 THEN 'channel is longer than 100 characters' END),
    ('customer_ref', CASE WHEN length(s.customer_ref) > 200 THEN 'customer_ref is longer than 200 characters' END),
    ('ship_to_region_code', CASE
       WHEN ${blank('ship_to_region_code')} THEN 'ship_to_region_code is required'
       WHEN rg.code IS NULL THEN format('unknown region "%s"', ${shown('ship_to_region_code')}) END),
    ('lot', CASE WHEN length(s.lot) > 100 THEN 'lot is longer than 100 characters' END),
    ('serial', CASE WHEN length(s.serial) > 100 THEN 'serial is longer than 100 characters' END)
  ) AS p (field, message)
  WHERE p.message IS NOT NULL
  UNION ALL
  SELECT s.file_line, 'line_no', format('line_no %s is also on line %s', btrim(s.line_no), d.first_line)
  FROM sales_stage s
  JOIN (
    SELECT btrim(line_no)::bigint AS number, min(file_line) AS first_line
    FROM sales_stage WHERE btrim(line_no) ~ '^[0-9]{1,9}$'
    GROUP BY btrim(line_no)::bigint HAVING count(*) > 1
  ) d ON btrim(s.line_no) ~ '^[0-9]{1,9}$' AND btrim(s.line_no)::bigint = d.number AND s.file_line <> d.first_line`;

export const COUNT_PROBLEMS_SQL = `SELECT count(*)::int AS total FROM import_problem`;
export const FIRST_PROBLEMS_SQL = `SELECT line, field, message FROM import_problem ORDER BY line, field LIMIT $1`;

/** Moves the checked lines into sales_line, typed, with the SKU's line and the ship-to province. */
export const MOVE_SALES_LINES_SQL = `
  INSERT INTO sales_line (report_id, line_no, distributor_code, sale_date, sku, product_line, quantity, unit_price,
                          channel, customer_ref, ship_to_region_code, province_code, lot, serial)
  SELECT $1, btrim(s.line_no)::int, $2, btrim(s.sale_date)::date, pr.sku, pr.product_line, btrim(s.quantity)::int,
         btrim(s.unit_price)::numeric, nullif(btrim(s.channel), ''), nullif(btrim(s.customer_ref), ''), rg.code,
         coalesce(rg.province_code, rg.code), nullif(btrim(s.lot), ''), nullif(btrim(s.serial), '')
  FROM sales_stage s
  JOIN product pr ON pr.sku = btrim(s.sku)
  JOIN region rg ON rg.code = btrim(s.ship_to_region_code)`;
