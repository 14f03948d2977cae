/**
 * Exclusive grants of other distributors that overlap the given grants ($1)
 * of distributor $2: same, ancestor or descendant region; overlapping line,
 * channel and dates (null overlaps everything). The distributors $2 works
 * under (parent, its parent, ...) and those working under it may overlap: a
 * sub-distributor sells inside its general agent's territory.
 */
export const EXCLUSIVE_CONFLICTS_SQL = `
  WITH RECURSIVE
    above (code) AS (
      SELECT parent_code FROM distributor WHERE code = $2 AND parent_code IS NOT NULL
      UNION
      SELECT d.parent_code FROM above JOIN distributor d ON d.code = above.code WHERE d.parent_code IS NOT NULL
    ),
    below (code) AS (
      SELECT code FROM distributor WHERE parent_code = $2
      UNION
      SELECT d.code FROM below JOIN distributor d ON d.parent_code = below.code
    ),
    family (code) AS (SELECT $2::text UNION SELECT code FROM above UNION SELECT code FROM below)
  SELECT n.id AS grant_id, o.id, o.distributor_code, o.region_code, o.product_line, o.channel, o.valid_from, o.valid_to
  FROM territory_grant n
  CROSS JOIN LATERAL (
    SELECT rc.ancestor_code AS region_code FROM region_closure rc WHERE rc.descendant_code = n.region_code
    UNION
    SELECT rc.descendant_code FROM region_closure rc WHERE rc.ancestor_code = n.region_code
  ) related
  JOIN territory_grant o ON o.region_code = related.region_code AND o.exclusive AND o.id <> n.id
  WHERE n.id = ANY($1::uuid[])
    AND n.exclusive
    AND o.distributor_code NOT IN (SELECT code FROM family)
    AND (n.product_line IS NULL OR o.product_line IS NULL OR n.product_line = o.product_line)
    AND (n.channel IS NULL OR o.channel IS NULL OR n.channel = o.channel)
    AND daterange(n.valid_from, n.valid_to, '[]') && daterange(o.valid_from, o.valid_to, '[]')
  ORDER BY n.id, o.id
  LIMIT 100`;
