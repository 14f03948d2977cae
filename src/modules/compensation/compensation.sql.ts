/**
 * Each victim's claim on an incident ($1), from its active violations
 * (DESIGN §6). Per dumped line — counted once even when it carries two
 * violations — units × (floor − price) while a below-floor violation of the
 * line stands (one voided on appeal takes the gap with it), plus units × the
 * line's lost-margin rate ($2, {productLine: rate}). A line's amount goes to
 * the victims its violations name; tied victims share it (DESIGN §4), the
 * ten-thousandths left over by the split going to the first of them by code,
 * so the shares add up to the line exactly. Returns (units ≤ 0) and a
 * CUTOFF_BREACH, which flags the brand's own shipping, are no dumping.
 */
export const CLAIMS_SQL = `
  WITH lines AS (
    SELECT source_kind, source_id, coalesce(line_no, 0) AS line_no, max(quantity) AS units, max(unit_price) AS unit_price,
           max(floor_price) FILTER (WHERE type IN ('BELOW_FLOOR', 'BELOW_RETAIL_FLOOR')) AS floor_price, max(product_line) AS product_line
    FROM violation
    WHERE incident_id = $1 AND status = 'active' AND type <> 'CUTOFF_BREACH' AND quantity > 0
    GROUP BY source_kind, source_id, coalesce(line_no, 0)
  ),
  line_victims AS (
    SELECT DISTINCT v.source_kind, v.source_id, coalesce(v.line_no, 0) AS line_no, victim
    FROM violation v, unnest(v.victim_codes) AS victim
    WHERE v.incident_id = $1 AND v.status = 'active' AND v.type <> 'CUTOFF_BREACH' AND v.quantity > 0
  ),
  amounts AS (
    SELECT l.*, CASE WHEN l.floor_price > l.unit_price THEN l.units * (l.floor_price - l.unit_price) ELSE 0 END AS floor_gap,
           l.units * coalesce(($2::jsonb ->> l.product_line)::numeric, 0) AS lost_margin
    FROM lines l
  ),
  shares AS (
    SELECT lv.victim, a.units, a.floor_gap, a.lost_margin,
           count(*) OVER w AS victims, row_number() OVER (w ORDER BY lv.victim) AS place
    FROM line_victims lv JOIN amounts a USING (source_kind, source_id, line_no)
    WINDOW w AS (PARTITION BY lv.source_kind, lv.source_id, lv.line_no)
  ),
  split AS (
    -- Each share rounded down to the ten-thousandth; the first victim also takes what that leaves.
    SELECT victim, units,
           trunc(floor_gap / victims, 4) + CASE WHEN place = 1 THEN floor_gap - trunc(floor_gap / victims, 4) * victims ELSE 0 END AS floor_gap,
           trunc(lost_margin / victims, 4) + CASE WHEN place = 1 THEN lost_margin - trunc(lost_margin / victims, 4) * victims ELSE 0 END AS lost_margin
    FROM shares
  ),
  figures AS (
    SELECT victim AS claimant_code, count(*)::int AS lines, sum(units)::bigint AS units, sum(floor_gap) AS floor_gap, sum(lost_margin) AS lost_margin
    FROM split GROUP BY victim
  )
  SELECT claimant_code, lines, units, money_text(floor_gap) AS floor_gap, money_text(lost_margin) AS lost_margin,
         money_text(floor_gap + lost_margin) AS amount
  FROM figures
  WHERE floor_gap + lost_margin > 0
  ORDER BY claimant_code`;
