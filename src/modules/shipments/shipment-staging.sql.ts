import { codeNumberSql, codePrefixSql, codeWidthSql, isCodeSql } from './domain/serial-code.sql';

/**
 * Shipments are staged as text (COPY for files, unnest for JSON), checked in
 * SQL over the whole batch, then stored: shipments, lines, and code ranges.
 * A file may hold many shipments (rows grouped by shipment_ref).
 */
export const SHIPMENT_COLUMNS = [
  'shipment_ref',
  'distributor_code',
  'shipped_at',
  'line_no',
  'sku',
  'quantity',
  'unit_price',
  'lot',
  'serial',
  'serial_from',
  'serial_to',
] as const;

export const CREATE_SHIPMENT_STAGE_SQL = [
  `CREATE TEMP TABLE shipment_stage (file_line integer NOT NULL, ${SHIPMENT_COLUMNS.map((column) => `${column} text`).join(', ')}) ON COMMIT DROP`,
  `CREATE TEMP TABLE shipment_code_stage (file_line integer NOT NULL, field text NOT NULL, shipment_ref text, line_no text,
     serial text, serial_from text, serial_to text) ON COMMIT DROP`,
];

export const COPY_SHIPMENT_STAGE_SQL = `COPY shipment_stage (file_line, ${SHIPMENT_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`;

/** For a file: each row's serial or range is its line's code. */
export const CODES_FROM_FILE_SQL = `
  INSERT INTO shipment_code_stage (file_line, field, shipment_ref, line_no, serial, serial_from, serial_to)
  SELECT file_line, CASE WHEN serial IS NOT NULL THEN 'serial' ELSE 'serial_from' END, shipment_ref, line_no, serial, serial_from, serial_to
  FROM shipment_stage
  WHERE nullif(btrim(serial), '') IS NOT NULL OR nullif(btrim(serial_from), '') IS NOT NULL OR nullif(btrim(serial_to), '') IS NOT NULL`;

export const STAGE_LINES_FROM_ARRAYS_SQL = `
  INSERT INTO shipment_stage (file_line, shipment_ref, distributor_code, shipped_at, line_no, sku, quantity, unit_price, lot)
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`;

export const STAGE_CODES_FROM_ARRAYS_SQL = `
  INSERT INTO shipment_code_stage (file_line, field, shipment_ref, line_no, serial, serial_from, serial_to)
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`;

const blank = (column: string) => `nullif(btrim(${column}), '') IS NULL`;
const shown = (column: string) => `left(${column}, 40)`;
const POSITIVE_INT = `'^[0-9]{1,9}$'`;

/** Valid codes of the batch as ranges; the problems query and the store both read it. */
export const STAGED_RANGES_SQL = `
  CREATE TEMP TABLE staged_code_range ON COMMIT DROP AS
  SELECT c.file_line, c.field, btrim(c.shipment_ref) AS shipment_ref, btrim(c.line_no)::int AS line_no,
         ${codePrefixSql('coalesce(c.serial, c.serial_from)')} AS prefix, ${codeWidthSql('coalesce(c.serial, c.serial_from)')} AS width,
         ${codeNumberSql('coalesce(c.serial, c.serial_from)')} AS first_number, ${codeNumberSql('coalesce(c.serial, c.serial_to)')} AS last_number
  FROM shipment_code_stage c
  WHERE btrim(c.line_no) ~ ${POSITIVE_INT}
    AND CASE
      WHEN nullif(btrim(c.serial), '') IS NOT NULL THEN ${isCodeSql('c.serial')} AND ${blank('c.serial_from')} AND ${blank('c.serial_to')}
      ELSE ${isCodeSql('c.serial_from')} AND ${isCodeSql('c.serial_to')}
        AND ${codeWidthSql('c.serial_from')} > 0
        AND ${codePrefixSql('c.serial_from')} = ${codePrefixSql('c.serial_to')}
        AND ${codeWidthSql('c.serial_from')} = ${codeWidthSql('c.serial_to')}
        AND ${codeNumberSql('c.serial_to')} >= ${codeNumberSql('c.serial_from')}
        AND ${codeNumberSql('c.serial_to')} - ${codeNumberSql('c.serial_from')} < 1000000000
    END`;

/** One row per problem: (line, field, message). */
export const FIND_SHIPMENT_PROBLEMS_SQL = `
  CREATE TEMP TABLE import_problem ON COMMIT DROP AS
  SELECT s.file_line AS line, p.field, p.message
  FROM shipment_stage s
  LEFT JOIN distributor d ON d.code = btrim(s.distributor_code)
  LEFT JOIN product pr ON pr.sku = btrim(s.sku)
  CROSS JOIN LATERAL (VALUES
    ('shipment_ref', CASE WHEN ${blank('s.shipment_ref')} THEN 'shipment_ref is required'
                          WHEN length(btrim(s.shipment_ref)) > 200 THEN 'shipment_ref is longer than 200 characters' END),
    ('distributor_code', CASE WHEN ${blank('s.distributor_code')} THEN 'distributor_code is required'
                              WHEN d.code IS NULL THEN format('unknown distributor "%s"', ${shown('s.distributor_code')}) END),
    ('shipped_at', CASE WHEN ${blank('s.shipped_at')} THEN 'shipped_at is required'
                        WHEN btrim(s.shipped_at) !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' OR NOT pg_input_is_valid(btrim(s.shipped_at), 'timestamptz')
                          THEN format('shipped_at must be a date-time such as 2026-05-01T08:00:00+08:00, not "%s"', ${shown('s.shipped_at')}) END),
    ('line_no', CASE WHEN ${blank('s.line_no')} THEN 'line_no is required'
                     WHEN btrim(s.line_no) !~ ${POSITIVE_INT} THEN format('line_no must be a positive whole number, not "%s"', ${shown('s.line_no')})
                     WHEN btrim(s.line_no)::int = 0 THEN 'line_no must be a positive whole number, not 0' END),
    ('sku', CASE WHEN ${blank('s.sku')} THEN 'sku is required' WHEN pr.sku IS NULL THEN format('unknown SKU "%s"', ${shown('s.sku')}) END),
    ('quantity', CASE WHEN ${blank('s.quantity')} THEN 'quantity is required'
                      WHEN btrim(s.quantity) !~ '^-?[0-9]{1,9}$' THEN format('quantity must be a whole number, not "%s"', ${shown('s.quantity')})
                      WHEN btrim(s.quantity)::int = 0 THEN 'quantity must not be zero' END),
    ('unit_price', CASE WHEN ${blank('s.unit_price')} THEN 'unit_price is required'
                        WHEN btrim(s.unit_price) !~ '^[0-9]{1,14}([.][0-9]{1,4})?$'
                          THEN format('unit_price must be a decimal of zero or more such as 12.50, not "%s"', ${shown('s.unit_price')}) END),
    ('lot', CASE WHEN length(s.lot) > 100 THEN 'lot is longer than 100 characters' END)
  ) AS p (field, message)
  WHERE p.message IS NOT NULL
  UNION ALL
  -- line numbers repeat within a shipment
  SELECT s.file_line, 'line_no', format('line_no %s of shipment %s is also on line %s', btrim(s.line_no), btrim(s.shipment_ref), d.first_line)
  FROM shipment_stage s
  JOIN (SELECT btrim(shipment_ref) AS ref, btrim(line_no)::bigint AS number, min(file_line) AS first_line
        FROM shipment_stage WHERE btrim(line_no) ~ ${POSITIVE_INT}
        GROUP BY 1, 2 HAVING count(*) > 1) d
    ON d.ref = btrim(s.shipment_ref) AND btrim(s.line_no) ~ ${POSITIVE_INT} AND btrim(s.line_no)::bigint = d.number AND s.file_line <> d.first_line
  UNION ALL
  -- every row of a shipment names the same distributor and moment
  SELECT s.file_line, 'distributor_code', format('shipment %s is for %s and shipped at %s on line %s; every row must say the same',
         btrim(s.shipment_ref), f.distributor_code, f.shipped_at, f.file_line)
  FROM shipment_stage s
  JOIN (SELECT DISTINCT ON (btrim(shipment_ref)) btrim(shipment_ref) AS ref, file_line, btrim(distributor_code) AS distributor_code, btrim(shipped_at) AS shipped_at
        FROM shipment_stage ORDER BY btrim(shipment_ref), file_line) f ON f.ref = btrim(s.shipment_ref)
  WHERE (btrim(s.distributor_code), btrim(s.shipped_at)) IS DISTINCT FROM (f.distributor_code, f.shipped_at)
  UNION ALL
  -- codes
  SELECT c.file_line, c.field, m.message
  FROM shipment_code_stage c
  CROSS JOIN LATERAL (SELECT CASE
    WHEN nullif(btrim(c.serial), '') IS NOT NULL AND (NOT ${blank('c.serial_from')} OR NOT ${blank('c.serial_to')})
      THEN 'give a serial or a range (serial_from and serial_to), not both'
    WHEN nullif(btrim(c.serial), '') IS NOT NULL AND NOT ${isCodeSql('c.serial')}
      THEN format('serial "%s" must be 1-64 characters without spaces', ${shown('c.serial')})
    WHEN nullif(btrim(c.serial), '') IS NOT NULL THEN NULL
    WHEN ${blank('c.serial_from')} OR ${blank('c.serial_to')} THEN 'a range needs both serial_from and serial_to'
    WHEN NOT ${isCodeSql('c.serial_from')} OR NOT ${isCodeSql('c.serial_to')} THEN 'serial_from and serial_to must be codes of 1-64 characters without spaces'
    WHEN ${codeWidthSql('c.serial_from')} = 0 THEN 'a range needs codes that end in digits'
    WHEN ${codePrefixSql('c.serial_from')} <> ${codePrefixSql('c.serial_to')} OR ${codeWidthSql('c.serial_from')} <> ${codeWidthSql('c.serial_to')}
      THEN format('%s and %s must share their prefix and the width of their numeric part', btrim(c.serial_from), btrim(c.serial_to))
    WHEN ${codeNumberSql('c.serial_to')} < ${codeNumberSql('c.serial_from')} THEN 'serial_to must not be before serial_from'
    WHEN ${codeNumberSql('c.serial_to')} - ${codeNumberSql('c.serial_from')} >= 1000000000 THEN 'a range may hold at most 1000000000 codes'
  END AS message) m
  WHERE m.message IS NOT NULL
  UNION ALL
  -- codes overlapping other codes of the same batch: a range overlaps an earlier-starting one when it starts on or before the
  -- furthest end among them (named: the line holding that end)
  SELECT o.file_line, o.field, format('these codes overlap the codes on line %s', o.reach[2])
  FROM (SELECT file_line, field, first_number,
               max(ARRAY[last_number, file_line::bigint]) OVER (PARTITION BY prefix, width ORDER BY first_number, file_line
                                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
        FROM staged_code_range) o
  WHERE o.first_number <= o.reach[1]`;

/** One row per shipment in the batch, with a hash of its content: a re-sent shipment is recognised. */
export const STAGED_SHIPMENTS_SQL = `
  CREATE TEMP TABLE staged_shipment ON COMMIT DROP AS
  SELECT btrim(s.shipment_ref) AS shipment_ref, min(btrim(s.distributor_code)) AS distributor_code,
         min(btrim(s.shipped_at)::timestamptz) AS shipped_at, count(*)::int AS lines, sum(btrim(s.quantity)::int)::bigint AS units,
         coalesce(sum(codes.count), 0)::bigint AS codes,
         md5(min(btrim(s.distributor_code)) || '|' || min(btrim(s.shipped_at)::timestamptz)::text || E'\\n' || string_agg(
           concat_ws('|', btrim(s.line_no)::int, btrim(s.sku), btrim(s.quantity)::int, trim_scale(btrim(s.unit_price)::numeric), nullif(btrim(s.lot), ''), codes.list),
           E'\\n' ORDER BY btrim(s.line_no)::int)) AS content_hash
  FROM shipment_stage s
  LEFT JOIN (
    SELECT shipment_ref, line_no, sum(last_number - first_number + 1) AS count,
           string_agg(prefix || ':' || width || ':' || first_number || '-' || last_number, ',' ORDER BY prefix, width, first_number) AS list
    FROM staged_code_range GROUP BY shipment_ref, line_no
  ) codes ON codes.shipment_ref = btrim(s.shipment_ref) AND codes.line_no = btrim(s.line_no)::int
  GROUP BY btrim(s.shipment_ref)`;
