/**
 * Per distributor over a rebate period ($1 first day, $2 last day): units
 * shipped to it (sell_monthly, whole months), units it was confirmed to have
 * dumped (the active territory violations of its confirmed, resolved or
 * closed incidents), and the units dumped into its territory by others,
 * shared among tied victims; with the sell-in of the window before the
 * period's end ($3 its first day) and of the baseline before it ($4 its first
 * day), for the rebate-chasing signal.
 */
export const REBATE_BASE_SQL = `
  WITH shipped AS (
    SELECT distributor_code, sum(sell_in) AS units FROM sell_monthly WHERE month BETWEEN $1::date AND $2::date GROUP BY 1
  ),
  dumped_lines AS (
    SELECT v.offender_code, v.victim_codes, v.quantity
    FROM violation v JOIN incident i ON i.id = v.incident_id
    WHERE v.status = 'active' AND v.type IN ('OUT_OF_TERRITORY', 'DIVERTED_GOODS') AND v.quantity > 0
      AND i.status IN ('confirmed', 'resolved', 'closed') AND v.occurred_on BETWEEN $1::date AND $2::date
  ),
  taken AS (SELECT offender_code AS distributor_code, sum(quantity) AS units FROM dumped_lines GROUP BY 1),
  credited AS (
    SELECT victim AS distributor_code, sum(quantity::numeric / cardinality(victim_codes)) AS units
    FROM dumped_lines, unnest(victim_codes) AS victim GROUP BY 1
  ),
  watched AS (
    SELECT distributor_code,
           sum(quantity) FILTER (WHERE shipped_on >= $3::date) AS window_units,
           sum(quantity) FILTER (WHERE shipped_on < $3::date) AS baseline_units
    FROM shipment_line WHERE shipped_on BETWEEN $4::date AND $2::date GROUP BY 1
  )
  SELECT d.code AS distributor_code, coalesce(s.units, 0)::bigint AS shipped, coalesce(t.units, 0)::bigint AS dumped,
         money_text(coalesce(c.units, 0)) AS credited,
         money_text(coalesce(s.units, 0) - coalesce(t.units, 0) + coalesce(c.units, 0)) AS adjusted_base,
         coalesce(w.window_units, 0)::bigint AS window_sell_in, coalesce(w.baseline_units, 0)::bigint AS baseline_sell_in
  FROM distributor d
  LEFT JOIN shipped s ON s.distributor_code = d.code
  LEFT JOIN taken t ON t.distributor_code = d.code
  LEFT JOIN credited c ON c.distributor_code = d.code
  LEFT JOIN watched w ON w.distributor_code = d.code
  WHERE s.units IS NOT NULL OR t.units IS NOT NULL OR c.units IS NOT NULL OR w.window_units IS NOT NULL
  ORDER BY d.code`;
