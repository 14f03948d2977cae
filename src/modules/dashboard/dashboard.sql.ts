import { DAILY_FIGURES } from '../violations/violation-daily.sql';

/**
 * The dashboard's statements. Parameters: $1 from, $2 to (business dates,
 * inclusive), $3 region (or null: everywhere), $4 product line (or null),
 * $5 the business time zone (where moments become days).
 */
const IN_REGION = (column: string) => `($3::text IS NULL OR ${column} IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = $3::text))`;
const OF_LINE = (column: string) => `($4::text IS NULL OR ${column} = $4::text)`;

/**
 * Where the violation figures come from, as rows of violation_daily aliased d:
 * the pre-aggregate, by destination province, for the whole country or a
 * province and above; for a city or a district, the same figures computed
 * from that region's violations (DAILY_FIGURES, the aggregate's own formula).
 */
export type DailySource = 'by_province' | 'by_region';
const DAILY = (source: DailySource) =>
  source === 'by_province'
    ? `(SELECT * FROM violation_daily WHERE day BETWEEN $1::date AND $2::date AND ${IN_REGION('province_code')} AND ${OF_LINE('product_line')}) d`
    : // A city or a district is always given here: a plain IN becomes a join on the violations' (region, day) index.
      `(${DAILY_FIGURES(
        `SELECT * FROM violation v WHERE v.occurred_on BETWEEN $1::date AND $2::date
           AND v.region_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = $3::text) AND ${OF_LINE('v.product_line')}`,
      )}) d`;
/**
 * Incidents whose destination, or a region they hit, lies in the region (as
 * GET /incidents?region= reads them), of the product line. The regions an
 * incident hits all lie in its destination province, so for a province or
 * above (by_province) the destination alone decides, without reading the
 * incident's list of regions (thousands long for a large one).
 */
const INCIDENT_SCOPE = (source: DailySource) => (i: string) =>
  source === 'by_province'
    ? `${IN_REGION(`${i}.destination_region_code`)} AND ${OF_LINE(`${i}.product_line`)}`
    : `($3::text IS NULL OR ${i}.destination_region_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = $3::text)
          OR ${i}.region_codes && ARRAY(SELECT descendant_code FROM region_closure WHERE ancestor_code = $3::text))
       AND ${OF_LINE(`${i}.product_line`)}`;
/** A moment within the period's business days, as a range the indexes on the moment can use. */
const IN_PERIOD = (moment: string) =>
  `${moment} >= ($1::date::timestamp AT TIME ZONE $5::text) AND ${moment} < (($2::date + 1)::timestamp AT TIME ZONE $5::text)`;
const OPENED_IN_PERIOD = (i: string) => IN_PERIOD(`${i}.opened_at`);
const RESOLVED_IN_PERIOD = (i: string) => IN_PERIOD(`${i}.resolved_at`);
const TERRITORY_TYPES = `('OUT_OF_TERRITORY', 'DIVERTED_GOODS')`;

/**
 * Every statement takes all five parameters, typed once here, whether it
 * reads them all or not (PostgreSQL refuses a parameter it cannot type).
 */
const typed = (sql: string) => {
  const parameters = `parameters AS (SELECT $1::date AS from_day, $2::date AS to_day, $3::text AS region, $4::text AS product_line, $5::text AS time_zone)`;
  const body = sql.trim();
  return body.startsWith('WITH ') ? `WITH ${parameters}, ${body.slice(5)}` : `WITH ${parameters} ${body}`;
};

const statements = (source: DailySource) => {
  const INCIDENT_SCOPE_OF = INCIDENT_SCOPE(source);
  return {
    incidentFigures: `
    SELECT (SELECT count(*)::int FROM incident i WHERE ${OPENED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')}) AS opened,
           (SELECT count(*)::int FROM incident i WHERE ${RESOLVED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')}) AS resolved,
           (SELECT avg(extract(epoch FROM i.resolved_at - i.opened_at) / 3600) FROM incident i WHERE ${RESOLVED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')}) AS mean_hours,
           (SELECT count(*)::int FROM incident i WHERE i.due_at < now() AND ${INCIDENT_SCOPE_OF('i')} ) AS overdue`,

    incidentsBy: (column: 'status' | 'severity') => `
    SELECT i.${column} AS key, count(*)::int AS count FROM incident i
    WHERE ${OPENED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')} GROUP BY i.${column} ORDER BY 1`,

    violationsByType: `
    SELECT d.type AS key, sum(d.violations)::int AS count FROM ${DAILY(source)}
    GROUP BY d.type HAVING sum(d.violations) > 0 ORDER BY 1`,

    dumped: `
    SELECT coalesce(sum(d.units), 0)::text AS units, money_text(coalesce(sum(d.value_at_floor), 0)) AS value_at_floor,
           money_text(coalesce(sum(d.price_erosion), 0)) AS price_erosion
    FROM ${DAILY(source)}`,

    activeCutoffs: `
    SELECT count(*)::int AS count FROM incident_action a JOIN incident i ON i.id = a.incident_id
    WHERE a.type = 'supply_cutoff' AND a.lifted_at IS NULL AND a.starts_at <= now() AND a.ends_at > now() AND ${INCIDENT_SCOPE_OF('i')}`,

    claims: `
    SELECT c.status, money_text(sum(c.amount)) AS amount, count(*)::int AS count
    FROM compensation_claim c JOIN incident i ON i.id = c.incident_id
    WHERE ${OPENED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')} GROUP BY c.status ORDER BY 1`,

    penalties: `
    SELECT a.type, money_text(sum(a.amount)) AS amount, count(*)::int AS count
    FROM incident_action a JOIN incident i ON i.id = a.incident_id
    WHERE a.type IN ('warning', 'rebate_deduction', 'fine') AND ${IN_PERIOD('a.created_at')}
      AND ${INCIDENT_SCOPE_OF('i')}
    GROUP BY a.type ORDER BY 1`,

    flows: `
    SELECT h.province_code AS origin, d.province_code AS destination, sum(d.units)::text AS units, money_text(sum(d.value_at_floor)) AS value,
           sum(d.violations)::text AS violations
    FROM ${DAILY(source)}
    JOIN distributor o ON o.code = d.offender_code
    JOIN region h ON h.code = o.home_region_code
    WHERE d.type IN ${TERRITORY_TYPES} AND d.province_code <> ''
    GROUP BY h.province_code, d.province_code
    HAVING sum(d.violations) > 0
    ORDER BY sum(d.value_at_floor) DESC, 1, 2`,

    // Each week reads the figures of the CTEs: materialized, they are computed once, not once a week.
    weekly: `
    WITH weeks AS (
      SELECT generate_series(date_trunc('week', $1::date), date_trunc('week', $2::date), interval '1 week')::date AS week_start
    ),
    violations AS MATERIALIZED (
      SELECT date_trunc('week', d.day)::date AS week_start, d.type, sum(d.violations)::int AS count
      FROM ${DAILY(source)} GROUP BY 1, 2 HAVING sum(d.violations) > 0
    ),
    opened AS MATERIALIZED (
      SELECT date_trunc('week', (i.opened_at AT TIME ZONE $5::text)::date)::date AS week_start, count(*)::int AS count
      FROM incident i WHERE ${OPENED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')} GROUP BY 1
    ),
    resolved AS MATERIALIZED (
      SELECT date_trunc('week', (i.resolved_at AT TIME ZONE $5::text)::date)::date AS week_start, count(*)::int AS count
      FROM incident i WHERE ${RESOLVED_IN_PERIOD('i')} AND ${INCIDENT_SCOPE_OF('i')} GROUP BY 1
    )
    SELECT to_char(w.week_start, 'YYYY-MM-DD') AS week_start,
           coalesce((SELECT jsonb_object_agg(v.type, v.count) FROM violations v WHERE v.week_start = w.week_start), '{}') AS by_type,
           coalesce((SELECT o.count FROM opened o WHERE o.week_start = w.week_start), 0) AS opened,
           coalesce((SELECT r.count FROM resolved r WHERE r.week_start = w.week_start), 0) AS resolved
    FROM weeks w ORDER BY w.week_start`,
  };
};

/** The statements for a source of violation figures, each taking the five parameters. */
export function dashboardSql(source: DailySource) {
  const all = statements(source);
  return {
    incidentFigures: typed(all.incidentFigures),
    incidentsBy: (column: 'status' | 'severity') => typed(all.incidentsBy(column)),
    violationsByType: typed(all.violationsByType),
    dumped: typed(all.dumped),
    activeCutoffs: typed(all.activeCutoffs),
    claims: typed(all.claims),
    penalties: typed(all.penalties),
    flows: typed(all.flows),
    weekly: typed(all.weekly),
  };
}

export const DASHBOARD_SQL = { by_province: dashboardSql('by_province'), by_region: dashboardSql('by_region') };
