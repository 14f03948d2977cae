/**
 * Every detector writes its findings into this temporary table; the incident
 * grouping then assigns incidents and moves them into violation in one statement.
 */
export const CREATE_DETECTED_VIOLATION_SQL = `
  CREATE TEMP TABLE detected_violation (
    type text NOT NULL,
    status text NOT NULL,
    source_kind text NOT NULL,
    source_id text NOT NULL,
    report_id uuid,
    report_ref text,
    line_no integer,
    offender_code text,
    victim_codes text[] NOT NULL DEFAULT '{}',
    region_code text NOT NULL,
    province_code text,
    sku text,
    product_line text,
    quantity integer,
    unit_price numeric(18, 4),
    floor_price numeric(18, 4),
    floor_id uuid,
    permit_id uuid,
    occurred_on date NOT NULL,
    confidence text,
    evidence jsonb NOT NULL
  ) ON COMMIT DROP`;
