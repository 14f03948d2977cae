/**
 * A sales report's lines go straight into sales_line (COPY from the upload, or
 * unnest for JSON), where the column types hold each value as it arrives. The
 * rules of a line (SALES_LINE_RULES) and what needs the whole batch (known SKU
 * and region, unique line numbers) are checked next, in one scan over it.
 * When anything fails, the batch is staged again as text so that every
 * problem of every line can be named, and the transaction stores nothing.
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

/**
 * The rules each line must pass on its own, over typed columns of sales_line
 * (alias `l`): the scan over the batch tests them (a failing line refuses the
 * report), and CHECKS below name the same rules field by field for a refused
 * batch. Absent optional values pass.
 */
export const SALES_LINE_RULES = `(l.line_no > 0 AND l.sale_date BETWEEN '2000-01-01' AND '2099-12-31' AND l.quantity <> 0
  AND l.unit_price >= 0 AND l.unit_price < 100000000000000 AND scale(l.unit_price) <= 4
  AND (l.channel IS NULL OR (l.channel <> '' AND l.channel = btrim(l.channel))))`;

/** Dates are read year first: 05/01/2026 is refused rather than guessed. */
export const DATE_STYLE_SQL = `SET LOCAL DateStyle = 'ISO, YMD'`;

/** Empty text fields, quoted or not, are absent values. */
const FORCE_NULL = 'sku, channel, customer_ref, ship_to_region_code, lot, serial';

/** The rows the CSV reader writes: the report's line key, then the file's fields. */
export const COPY_SALES_LINES_SQL = `COPY sales_line (report_key, ${SALES_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv, FORCE_NULL (${FORCE_NULL}))`;

/** $1 the report's line key, then one array per column. */
export const STAGE_SALES_FROM_ARRAYS_SQL = `
  INSERT INTO sales_line (report_key, ${SALES_COLUMNS.join(', ')})
  SELECT $1, * FROM unnest($2::int[], $3::date[], $4::text[], $5::int[], $6::numeric[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`;

/** Whether some line number repeats in the report (line key $1): a hash aggregate over the batch. */
export const HAS_REPEATED_LINE_SQL = `SELECT EXISTS (SELECT 1 FROM sales_line WHERE report_key = $1 GROUP BY line_no HAVING count(*) > 1) AS repeated`;

// ---- Diagnosing a refused batch: the same rules as text, one message per field ----

export const CREATE_TEXT_STAGE_SQL = `
  CREATE TEMP TABLE sales_stage_text (report_key text, file_line integer NOT NULL, ${SALES_COLUMNS.map((column) => `${column} text`).join(', ')}) ON COMMIT DROP`;

/** The upload read again from its spool, as text, each row with its line of the file. */
export const COPY_TEXT_STAGE_SQL = `COPY sales_stage_text (report_key, file_line, ${SALES_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`;

/** The JSON lines as text ($1 indexes, then one text array per column). */
export const TEXT_STAGE_FROM_ARRAYS_SQL = `
  INSERT INTO sales_stage_text (file_line, ${SALES_COLUMNS.join(', ')})
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`;

interface FieldCheck {
  field: string;
  ok: string;
  message: string;
}

const blank = (column: string) => `nullif(btrim(s.${column}), '') IS NULL`;
const shown = (column: string) => `left(s.${column}, 40)`;
const parses = (column: string, type: string) => `pg_input_is_valid(btrim(s.${column}), '${type}')`;

/**
 * The same rules as the typed path (sales_line's types, SALES_LINE_RULES, then
 * the batch checks), field by field, so that a refused batch names every
 * problem. Per field, the first failing check speaks. PostgreSQL may evaluate
 * conditions in any order, so each cast is guarded by a CASE on the test that
 * makes it safe.
 */
const CHECKS: FieldCheck[] = [
  { field: 'line_no', ok: `NOT ${blank('line_no')}`, message: `'line_no is required'` },
  {
    field: 'line_no',
    ok: `CASE WHEN ${parses('line_no', 'int4')} THEN btrim(s.line_no)::int > 0 ELSE false END`,
    message: `format('line_no must be a positive whole number, not "%s"', ${shown('line_no')})`,
  },
  { field: 'sale_date', ok: `NOT ${blank('sale_date')}`, message: `'sale_date is required'` },
  { field: 'sale_date', ok: parses('sale_date', 'date'), message: `format('sale_date must be a date such as 2026-05-31, not "%s"', ${shown('sale_date')})` },
  {
    field: 'sale_date',
    ok: `CASE WHEN ${parses('sale_date', 'date')} THEN btrim(s.sale_date)::date BETWEEN '2000-01-01' AND '2099-12-31' ELSE false END`,
    message: `format('sale_date must be between 2000-01-01 and 2099-12-31, not "%s"', ${shown('sale_date')})`,
  },
  { field: 'sku', ok: `NOT ${blank('sku')}`, message: `'sku is required'` },
  { field: 'sku', ok: `pr.sku IS NOT NULL`, message: `format('unknown SKU "%s"', ${shown('sku')})` },
  { field: 'quantity', ok: `NOT ${blank('quantity')}`, message: `'quantity is required'` },
  { field: 'quantity', ok: parses('quantity', 'int4'), message: `format('quantity must be a whole number, not "%s"', ${shown('quantity')})` },
  {
    field: 'quantity',
    ok: `CASE WHEN ${parses('quantity', 'int4')} THEN btrim(s.quantity)::int <> 0 ELSE false END`,
    message: `'quantity must not be zero (negative quantities are returns)'`,
  },
  { field: 'unit_price', ok: `NOT ${blank('unit_price')}`, message: `'unit_price is required'` },
  {
    field: 'unit_price',
    ok: `CASE WHEN ${parses('unit_price', 'numeric')} THEN btrim(s.unit_price)::numeric >= 0 AND btrim(s.unit_price)::numeric < 100000000000000
         AND scale(btrim(s.unit_price)::numeric) <= 4 ELSE false END`,
    message: `format('unit_price must be a decimal of zero or more such as 12.50 (up to 4 decimals), not "%s"', ${shown('unit_price')})`,
  },
  { field: 'channel', ok: `coalesce(length(s.channel), 0) <= 100`, message: `'channel is longer than 100 characters'` },
  {
    field: 'channel',
    ok: `coalesce(s.channel, '') = '' OR s.channel = btrim(s.channel)`,
    message: `format('channel must not start or end with spaces: "%s"', ${shown('channel')})`,
  },
  { field: 'customer_ref', ok: `coalesce(length(s.customer_ref), 0) <= 200`, message: `'customer_ref is longer than 200 characters'` },
  { field: 'ship_to_region_code', ok: `NOT ${blank('ship_to_region_code')}`, message: `'ship_to_region_code is required'` },
  { field: 'ship_to_region_code', ok: `rg.code IS NOT NULL`, message: `format('unknown region "%s"', ${shown('ship_to_region_code')})` },
  { field: 'lot', ok: `coalesce(length(s.lot), 0) <= 100`, message: `'lot is longer than 100 characters'` },
  { field: 'serial', ok: `coalesce(length(s.serial), 0) <= 100`, message: `'serial is longer than 100 characters'` },
];

/** Every problem of every line (line, field, message) of a refused batch. */
export const FIND_SALES_PROBLEMS_SQL = `
  CREATE TEMP TABLE import_problem ON COMMIT DROP AS
  SELECT s.file_line AS line, p.field, p.message
  FROM sales_stage_text s
  LEFT JOIN product pr ON pr.sku = s.sku
  LEFT JOIN region rg ON rg.code = s.ship_to_region_code
  CROSS JOIN LATERAL (
    ${[...new Set(CHECKS.map((check) => check.field))]
      .map((field) => {
        const checks = CHECKS.filter((check) => check.field === field);
        return `SELECT '${field}'::text AS field, CASE ${checks.map((check) => `WHEN NOT (${check.ok}) THEN ${check.message}`).join(' ')} END AS message`;
      })
      .join('\n    UNION ALL ')}
  ) p
  WHERE p.message IS NOT NULL
  UNION ALL
  SELECT s.file_line, 'line_no', format('line_no %s is also on line %s', btrim(s.line_no), d.first_line)
  FROM sales_stage_text s
  JOIN (
    SELECT number, min(file_line) AS first_line
    FROM (SELECT file_line, CASE WHEN pg_input_is_valid(btrim(line_no), 'int4') THEN btrim(line_no)::int END AS number FROM sales_stage_text) numbered
    WHERE number IS NOT NULL
    GROUP BY number HAVING count(*) > 1
  ) d ON CASE WHEN pg_input_is_valid(btrim(s.line_no), 'int4') THEN btrim(s.line_no)::int END = d.number AND s.file_line <> d.first_line`;
