/**
 * The coverage rules of coverage.ts, as SQL over a whole batch. `input` is a
 * relation (a table, or a subquery with an alias) with the columns
 *   line_id, distributor_code, sku, product_line, channel, region_code, sale_date
 * (and offender_code for victims). region_closure turns "R or an ancestor of R"
 * into an equality join, so a batch of any size is a few hash joins.
 * The same case table runs against these and the TypeScript rules.
 */

/** Grant terms that must hold, besides the region: line (or all), channel (or all), dates inclusive. */
const grantTermsHold = (grant: string, line: string) => `
      (${grant}.product_line IS NULL OR ${grant}.product_line = ${line}.product_line)
  AND (${grant}.channel IS NULL OR ${grant}.channel = ${line}.channel)
  AND ${grant}.valid_from <= ${line}.sale_date
  AND (${grant}.valid_to IS NULL OR ${grant}.valid_to >= ${line}.sale_date)`;

/** One row per (line, grant of the line's distributor covering it). */
export const coveringGrantsSql = (input: string) => `
  SELECT i.line_id, g.id AS grant_id, g.distributor_code, g.region_code, rc.ancestor_depth AS region_depth,
         g.product_line, g.channel, g.valid_from, g.valid_to, g.exclusive
  FROM ${input}
  JOIN region_closure rc ON rc.descendant_code = i.region_code
  JOIN territory_grant g ON g.region_code = rc.ancestor_code AND g.distributor_code = i.distributor_code
  WHERE ${grantTermsHold('g', 'i')}`;

/** One row per (line, live permit of the line's distributor covering it): not revoked, not used up. */
export const coveringPermitsSql = (input: string) => `
  SELECT i.line_id, p.id AS permit_id, p.distributor_code, p.region_code, p.product_line, p.sku,
         p.valid_from, p.valid_to, p.max_quantity
  FROM ${input}
  JOIN region_closure rc ON rc.descendant_code = i.region_code
  JOIN transfer_permit p ON p.region_code = rc.ancestor_code AND p.distributor_code = i.distributor_code
  WHERE p.revoked_at IS NULL
    AND (p.max_quantity IS NULL OR p.used_quantity < p.max_quantity)
    AND (p.sku IS NULL OR p.sku = i.sku)
    AND (p.product_line IS NULL OR p.product_line = i.product_line)
    AND p.valid_from <= i.sale_date AND p.valid_to >= i.sale_date`;

/**
 * One row per (line, victim): distributors other than the offender holding a
 * covering grant; only those whose granted region is deepest; ties share.
 */
export const victimsSql = (input: string) => `
  SELECT line_id, distributor_code
  FROM (
    SELECT holder.line_id, holder.distributor_code, holder.depth,
           max(holder.depth) OVER (PARTITION BY holder.line_id) AS deepest
    FROM (
      SELECT i.line_id, g.distributor_code, max(rc.ancestor_depth) AS depth
      FROM ${input}
      JOIN region_closure rc ON rc.descendant_code = i.region_code
      JOIN territory_grant g ON g.region_code = rc.ancestor_code
      WHERE g.distributor_code IS DISTINCT FROM i.offender_code AND ${grantTermsHold('g', 'i')}
      GROUP BY i.line_id, g.distributor_code
    ) holder
  ) ranked
  WHERE depth = deepest`;

/**
 * Coverage as keys, to check every line of one distributor's batch with a few
 * hash lookups rather than a join per line. The distributor's grants start
 * and end on a few days (`grantCutsSql`); between two of them its coverage
 * cannot change, so a date is represented by its segment,
 * width_bucket(date, cuts): the number of those days on or before it.
 * Without a distributor, the cuts of every grant: between two of them, who
 * holds what (and so who the victims are) cannot change either.
 */
export const grantCutsSql = (distributor?: string) => {
  const whose = distributor ? `distributor_code = ${distributor}` : 'true';
  return `
  SELECT coalesce(array_agg(day ORDER BY day), '{}') AS days
  FROM (SELECT valid_from AS day FROM territory_grant WHERE ${whose}
        UNION SELECT valid_to + 1 FROM territory_grant WHERE ${whose} AND valid_to IS NOT NULL) cut`;
};

/**
 * One row per (region, product line, channel, segment) the distributor's
 * grants cover, '' standing for a grant on all lines or all channels; `cuts`
 * is an expression giving grantCutsSql's array.
 */
export const coverageKeysSql = (distributor: string, cuts: string) => `
  SELECT DISTINCT rc.descendant_code AS region_code, coalesce(g.product_line, '') AS product_line, coalesce(g.channel, '') AS channel,
         s.segment::int AS segment
  FROM territory_grant g
  JOIN region_closure rc ON rc.ancestor_code = g.region_code
  CROSS JOIN LATERAL generate_subscripts(${cuts}, 1) AS s (segment)
  WHERE g.distributor_code = ${distributor}
    AND g.valid_from <= (${cuts})[s.segment] AND (g.valid_to IS NULL OR g.valid_to >= (${cuts})[s.segment])`;

/**
 * A coverage key as text: (product line, channel, segment), '' standing for
 * all lines or all channels. The lengths come first, so no label can be
 * mistaken for another, whatever characters it holds.
 */
export const coverageKeyText = (productLine: string, channel: string, segment: string) =>
  `(length(${productLine})::text || ',' || length(${channel})::text || ',' || ${productLine} || ${channel} || ${segment}::text)`;

/**
 * Per region the distributor's grants reach: the segments in which an
 * all-lines, all-channels grant covers it (the usual grant, which settles
 * most lines at once), and every key (coverageKeyText) covering it. `keys` is
 * a relation with coverageKeysSql's columns. Joined to each line by its
 * region, coverage is a few array tests (isCoveredSql): no lookups in other
 * relations, so a scan over a batch can run in parallel workers.
 */
export const regionCoverageSql = (keys: string) => `
  SELECT region_code,
         coalesce(array_agg(segment ORDER BY segment) FILTER (WHERE product_line = '' AND channel = ''), '{}') AS open_segments,
         array_agg(${coverageKeyText('product_line', 'channel', 'segment')}) AS coverage_keys
  FROM ${keys} GROUP BY region_code`;

/**
 * Whether a line is in territory, given the cuts and regionCoverageSql's
 * arrays for the line's region (null where no grant reaches it): one of its
 * four readings (its line or all lines, its channel or all channels) is
 * covered. A line without a channel is covered by all-channel grants only.
 */
export const isCoveredSql = (cuts: string, line: { productLine: string; channel: string; date: string; openSegments: string; coverageKeys: string }) => {
  const segment = `width_bucket(${line.date}, ${cuts})`;
  const channel = `coalesce(${line.channel}::text, '')`;
  const probe = (productLine: string, channelKey: string) => `${coverageKeyText(productLine, channelKey, segment)} = ANY (${line.coverageKeys})`;
  return `coalesce(${segment} = ANY (${line.openSegments}) OR ${probe(line.productLine, `''`)} OR ${probe(`''`, channel)} OR ${probe(line.productLine, channel)}, false)`;
};
