/**
 * applicableFloor() of floor-precedence.ts as SQL over a batch. `input` is a
 * relation aliased `i` with line_id, sku, product_line, channel, region_code,
 * sale_date and level. Candidates come from four equality joins (SKU or line
 * floors; in one of the line's ancestor regions, via region_closure, or in no
 * region), then the most specific per line wins: SKU over line, the deepest
 * region (none = -1), channel-specific over all-channel.
 */
const candidatesFor = (input: string, target: 'sku' | 'line', regional: boolean) => `
  SELECT i.line_id, f.id AS floor_id, f.sku, f.product_line, f.region_code, f.channel, f.level,
         f.min_unit_price, f.valid_from, f.valid_to,
         ${target === 'sku' ? 1 : 0} AS sku_rank,
         ${regional ? 'rc.ancestor_depth' : '-1'} AS region_rank
  FROM ${input}
  ${regional ? 'JOIN region_closure rc ON rc.descendant_code = i.region_code' : ''}
  JOIN price_floor f
    ON ${target === 'sku' ? 'f.sku = i.sku' : 'f.product_line = i.product_line'}
   AND f.level = i.level
   AND ${regional ? 'f.region_code = rc.ancestor_code' : 'f.region_code IS NULL'}
  WHERE (f.channel IS NULL OR f.channel = i.channel)
    AND f.valid_from <= i.sale_date AND (f.valid_to IS NULL OR f.valid_to >= i.sale_date)`;

/** One row per line that has an applicable floor. */
export const applicableFloorSql = (input: string) => `
  SELECT DISTINCT ON (candidate.line_id) candidate.*
  FROM (
    ${candidatesFor(input, 'sku', true)}
    UNION ALL ${candidatesFor(input, 'sku', false)}
    UNION ALL ${candidatesFor(input, 'line', true)}
    UNION ALL ${candidatesFor(input, 'line', false)}
  ) candidate
  ORDER BY candidate.line_id, candidate.sku_rank DESC, candidate.region_rank DESC, (candidate.channel IS NOT NULL) DESC`;
