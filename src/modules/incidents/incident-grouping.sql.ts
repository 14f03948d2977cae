import { STORED_DETECTION_SETTINGS_SQL } from '../settings/detection-settings';
import { OPEN_DUE_AT_SQL } from '../settings/workflow-settings';
import { ADD_TO_VIOLATION_DAILY } from '../violations/violation-daily.sql';

/** The open-incident key: offender (none counts as one), product line, destination province. */
const OPEN = `('open', 'investigating', 'confirmed')`;
const SAME_KEY = (incident: string, key: string) =>
  `coalesce(${incident}.offender_code, '') = coalesce(${key}.offender_code, '') AND ${incident}.product_line = ${key}.product_line
   AND ${incident}.destination_region_code = ${key}.destination`;

/**
 * Opens an incident for each key of `keys` (a relation aliased k with distinct
 * offender_code, product_line, destination) that has no open one: a
 * recurrence when the same key was resolved or closed before. Answers the incidents opened.
 */
const OPEN_INCIDENTS_SQL = (keys: string) => `
    INSERT INTO incident (number, offender_code, product_line, destination_region_code, recurrence_of, due_at)
    SELECT 'INC-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('incident_number_seq')::text, 6, '0'),
           k.offender_code, k.product_line, k.destination,
           (SELECT p.id FROM incident p WHERE ${SAME_KEY('p', 'k')} AND p.status IN ('resolved', 'closed') ORDER BY p.opened_at DESC LIMIT 1),
           ${OPEN_DUE_AT_SQL}
    FROM ${keys}
    WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE ${SAME_KEY('i', 'k')} AND i.status IN ${OPEN})
    ORDER BY k.offender_code, k.product_line, k.destination
    ON CONFLICT ((coalesce(offender_code, '')), product_line, destination_region_code) WHERE status IN ${OPEN} DO NOTHING
    RETURNING id, offender_code, product_line, destination_region_code`;

/**
 * What the figures in `found` (GROUPING_SQL's figures: one row per source
 * line with active findings) add to each incident: lines, regions, victims.
 */
const SCALE_ADDED = `
    lines AS (
      SELECT incident_id, sum(violations)::int AS violations, sum(quantity) AS units,
             sum(quantity * coalesce(floor_price, unit_price, 0)) AS value_at_floor,
             sum(CASE WHEN floor_price > unit_price THEN quantity * (floor_price - unit_price) ELSE 0 END) AS price_erosion,
             min(occurred_on) AS first_seen_on, max(occurred_on) AS last_seen_on
      FROM found GROUP BY incident_id
    ),
    regions AS (
      SELECT incident_id, array_agg(region_code) AS region_codes FROM (SELECT DISTINCT incident_id, region_code FROM found) r GROUP BY incident_id
    ),
    victims AS (
      -- Lines share a few victim lists: each distinct one is unnested once.
      SELECT incident_id, array_agg(victim) AS victim_codes
      FROM (SELECT DISTINCT incident_id, victim FROM (SELECT DISTINCT incident_id, victim_codes FROM found) lists, unnest(victim_codes) AS victim) v
      GROUP BY incident_id
    )`;

/** Adds SCALE_ADDED to the incidents' scale; `held` narrows the incidents (by id) where the caller knows them. */
const ADD_TO_SCALE = (held = 'true') => `
    UPDATE incident i
    SET units = i.units + l.units, value_at_floor = i.value_at_floor + l.value_at_floor, price_erosion = i.price_erosion + l.price_erosion,
        region_codes = (SELECT array_agg(DISTINCT code ORDER BY code) FROM unnest(i.region_codes || r.region_codes) AS code),
        victim_codes = (SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}') FROM unnest(i.victim_codes || coalesce(v.victim_codes, '{}')) AS code),
        violation_count = i.violation_count + l.violations,
        first_seen_on = least(i.first_seen_on, l.first_seen_on), last_seen_on = greatest(i.last_seen_on, l.last_seen_on), updated_at = now()
    FROM lines l
    JOIN regions r ON r.incident_id = l.incident_id
    LEFT JOIN victims v ON v.incident_id = l.incident_id
    WHERE i.id = l.incident_id AND ${held}`;

/** A few keys given as parameters ($1 offenders, $2 product lines, $3 destinations, distinct), numbered by n from 1. */
const KEYS_GIVEN = `unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k (offender_code, product_line, destination, n)`;

/**
 * The grouping of a few findings held in memory (one sighting's, a
 * complaint): no temporary tables, the keys are parameters.
 */
export const FEW_KEYS_SQL = {
  /**
   * In one statement, the incident of each key (n): the open one, locked in
   * id order as GROUPING_SQL.lock locks them, or one opened for it. A key
   * whose incident was opened or closed by another transaction in between
   * comes back without one, to be asked for again.
   */
  hold: `
    WITH opened AS (${OPEN_INCIDENTS_SQL(KEYS_GIVEN)}),
    held AS (
      SELECT k.n, i.id FROM ${KEYS_GIVEN} JOIN incident i ON ${SAME_KEY('i', 'k')} AND i.status IN ${OPEN}
      ORDER BY i.id FOR UPDATE OF i
    )
    -- The inserts first (the first branch of UNION ALL runs to its end first): a transaction waits on another's new
    -- incident before it holds any lock of its own on an existing one, so two of them do not wait on each other.
    SELECT k.n::int AS n, o.id AS incident_id, true AS opened FROM opened o JOIN ${KEYS_GIVEN} ON ${SAME_KEY('o', 'k')}
    UNION ALL
    SELECT n::int, id, false FROM held`,

  /**
   * Stores the violations (`insert`, an INSERT ... RETURNING the violation) and adds the
   * `figures` (a query over them, named inserted) to their incidents' scale,
   * in one statement; answers the violations stored, oldest first. The
   * incidents held (parameter `held`, their ids) are updated by id: a generic
   * plan would otherwise scan the whole incident table.
   */
  record: (insert: string, figures: string, held: string) => `
    WITH inserted AS (${insert}),
    found AS MATERIALIZED (${figures}),
    ${SCALE_ADDED},
    scaled AS (${ADD_TO_SCALE(`i.id = ANY (${held}::uuid[])`)} RETURNING i.id),
    daily AS (${ADD_TO_VIOLATION_DAILY('SELECT * FROM inserted')})
    SELECT * FROM inserted ORDER BY id`,
};

/**
 * A detector describes its findings to the grouping with two queries and one
 * statement, all set-based:
 * - keys: (offender_code, product_line, destination) of its active findings;
 * - the insert into violation, which takes each active finding's incident from
 *   incident_key_map (see INCIDENT_OF) and answers (type, status, count);
 * - figures: one row per source line with active findings (incident_id,
 *   quantity, unit_price, floor_price, region_code, occurred_on, victim_codes,
 *   violations: how many), to add to the incidents' scale.
 */
export const GROUPING_SQL = {
  keys: (keys: string) => `
    CREATE TEMP TABLE incident_key ON COMMIT DROP AS
    SELECT DISTINCT offender_code, product_line, destination FROM (${keys}) k`,

  // A key without an open incident opens one; a resolved or closed incident with the same key makes it a recurrence.
  open: OPEN_INCIDENTS_SQL('incident_key k'),

  map: `
    CREATE TEMP TABLE incident_key_map ON COMMIT DROP AS
    SELECT k.offender_code, k.product_line, k.destination, i.id AS incident_id
    FROM incident_key k JOIN incident i ON ${SAME_KEY('i', 'k')} AND i.status IN ${OPEN}`,

  lock: `SELECT id FROM incident WHERE id IN (SELECT incident_id FROM incident_key_map) ORDER BY id FOR UPDATE`,

  /**
   * Adds the findings to their incidents' scale: the same figures
   * REFRESH_SCALE_SQL computes from all of an incident's violations, since new
   * findings come from new source lines. Costs what the new findings cost.
   */
  accumulate: (figures: string) => `
    WITH found AS MATERIALIZED (${figures}),
    ${SCALE_ADDED}
    ${ADD_TO_SCALE()}`,
};

/** Joins a finding (alias, with offender_code, product_line and destination) to its open incident: `LEFT JOIN ${INCIDENT_OF('f')}`. */
export const INCIDENT_OF = (finding: string) =>
  `incident_key_map m ON coalesce(m.offender_code, '') = coalesce(${finding}.offender_code, '') AND m.product_line = ${finding}.product_line
   AND m.destination = ${finding}.destination`;

/**
 * Recomputes the scale of the given incidents ($1) from their active
 * violations (a breach of the incident's own supply cutoff flags the shipping
 * side and is no part of the dumping's scale). A dumped line counts once even when it carries two violations
 * (out of territory and below floor): units and value are summed per source line.
 */
export const REFRESH_SCALE_SQL = `
  UPDATE incident i
  SET units = coalesce(l.units, 0), value_at_floor = coalesce(l.value_at_floor, 0), price_erosion = coalesce(l.price_erosion, 0),
      region_codes = coalesce(v.region_codes, '{}'), victim_codes = coalesce(w.victim_codes, '{}'), violation_count = coalesce(v.violations, 0),
      first_seen_on = v.first_seen_on, last_seen_on = v.last_seen_on, updated_at = now()
  FROM unnest($1::uuid[]) AS ids (id)
  LEFT JOIN (
    SELECT incident_id, sum(quantity) AS units,
           sum(quantity * coalesce(floor_price, unit_price, 0)) AS value_at_floor,
           sum(CASE WHEN floor_price > unit_price THEN quantity * (floor_price - unit_price) ELSE 0 END) AS price_erosion
    FROM (
      SELECT incident_id, source_kind, source_id, coalesce(line_no, 0) AS line_no,
             max(coalesce(quantity, 0)) AS quantity, max(unit_price) AS unit_price, max(floor_price) AS floor_price
      FROM violation WHERE incident_id = ANY($1::uuid[]) AND status = 'active' AND type <> 'CUTOFF_BREACH'
      GROUP BY incident_id, source_kind, source_id, coalesce(line_no, 0)
    ) per_line
    GROUP BY incident_id
  ) l ON l.incident_id = ids.id
  LEFT JOIN (
    SELECT incident_id, count(*)::int AS violations, array_agg(DISTINCT region_code ORDER BY region_code) AS region_codes,
           min(occurred_on) AS first_seen_on, max(occurred_on) AS last_seen_on
    FROM violation WHERE incident_id = ANY($1::uuid[]) AND status = 'active' AND type <> 'CUTOFF_BREACH'
    GROUP BY incident_id
  ) v ON v.incident_id = ids.id
  LEFT JOIN (
    -- The victims of its violations, and the distributors who complained of it.
    SELECT incident_id, array_agg(DISTINCT victim ORDER BY victim) AS victim_codes
    FROM (
      SELECT incident_id, unnest(victim_codes) AS victim FROM violation WHERE incident_id = ANY($1::uuid[]) AND status = 'active' AND type <> 'CUTOFF_BREACH'
      UNION ALL
      SELECT incident_id, complainant_code FROM complaint WHERE incident_id = ANY($1::uuid[])
    ) victims
    GROUP BY incident_id
  ) w ON w.incident_id = ids.id
  WHERE i.id = ids.id`;

/** What severity needs of each incident: its scale, the offender's history, and the thresholds (stored settings, or null). */
export const SEVERITY_INPUT_SQL = `
  SELECT ${STORED_DETECTION_SETTINGS_SQL} AS settings, i.id, i.severity, money_text(i.value_at_floor) AS value_at_floor, money_text(i.price_erosion) AS price_erosion,
         cardinality(i.region_codes) AS region_count, i.recurrence_of IS NOT NULL AS is_recurrence,
         (SELECT count(*)::int FROM incident o
          WHERE o.offender_code = i.offender_code AND o.id <> i.id AND o.status IN ('confirmed', 'resolved', 'closed')) AS confirmed_incidents
  FROM incident i WHERE i.id = ANY($1::uuid[])`;

export const UPDATE_SEVERITY_SQL = `
  UPDATE incident i SET severity = s.severity
  FROM unnest($1::uuid[], $2::text[]) AS s (id, severity)
  WHERE i.id = s.id AND i.severity <> s.severity`;
