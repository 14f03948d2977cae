/** Rank of a level: a child's must be greater than its parent's. */
export const LEVEL_RANK_SQL = (column: string) => `array_position(ARRAY['country', 'province', 'city', 'district', 'township'], ${column})`;

/**
 * Rebuilds the closure rows (every ancestor of a region, itself included) and
 * the depth and province of the regions in the subtrees of the codes in the
 * temporary table region_reshaped (new, moved or changed level). Run in the
 * transaction that changed the parent links, before it commits.
 */
const REBUILD_REGION_TREE_SQL = [
  `CREATE TEMP TABLE region_affected ON COMMIT DROP AS
   SELECT rc.descendant_code AS code FROM region_closure rc JOIN region_reshaped s ON s.code = rc.ancestor_code
   UNION
   SELECT code FROM region_reshaped`,
  `ANALYZE region_affected`,
  `DELETE FROM region_closure WHERE descendant_code IN (SELECT code FROM region_affected)`,
  `INSERT INTO region_closure (ancestor_code, descendant_code, distance, ancestor_depth)
   WITH RECURSIVE up (descendant_code, ancestor_code, distance) AS (
     SELECT code, code, 0 FROM region_affected
     UNION ALL
     SELECT up.descendant_code, r.parent_code, up.distance + 1
     FROM up JOIN region r ON r.code = up.ancestor_code
     WHERE r.parent_code IS NOT NULL AND up.distance < 64
   ),
   depth AS (SELECT descendant_code AS code, max(distance) AS depth FROM up GROUP BY descendant_code)
   SELECT up.ancestor_code, up.descendant_code, up.distance, depth.depth - up.distance
   FROM up JOIN depth ON depth.code = up.descendant_code`,
  // A region's province: its nearest ancestor-or-self at level province; in a
  // tree without one, the ancestor just below the root; a root is its own.
  `UPDATE region r SET depth = t.depth, province_code = t.province_code
   FROM (
     SELECT rc.descendant_code AS code,
            max(rc.distance) AS depth,
            coalesce(
              (array_agg(rc.ancestor_code ORDER BY rc.distance) FILTER (WHERE a.level = 'province'))[1],
              (array_agg(rc.ancestor_code) FILTER (WHERE rc.ancestor_depth = 1))[1],
              rc.descendant_code
            ) AS province_code
     FROM region_closure rc JOIN region a ON a.code = rc.ancestor_code
     WHERE rc.descendant_code IN (SELECT code FROM region_affected)
     GROUP BY rc.descendant_code
   ) t
   WHERE r.code = t.code AND (r.depth, r.province_code) IS DISTINCT FROM (t.depth::smallint, t.province_code)`,
];

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Names the reshaped regions for the checks and the rebuild: the subtrees of
 * `codesSql` (a query returning one `code` column), or the whole tree.
 */
export async function markReshaped(manager: Queryable, codesSql = 'SELECT code FROM region'): Promise<number> {
  await manager.query(`CREATE TEMP TABLE region_reshaped ON COMMIT DROP AS ${codesSql}`);
  const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM region_reshaped`)) as Array<{ count: number }>;
  return count;
}

/** Rebuilds closure, depth and province below the regions marked reshaped; leaves region_affected for the checks that follow. */
export async function rebuildRegionTree(manager: Queryable): Promise<void> {
  for (const statement of REBUILD_REGION_TREE_SQL) await manager.query(statement);
}

/** Parent chains starting at the reshaped regions that loop back on themselves. */
export const FIND_REGION_CYCLES_SQL = `
  WITH RECURSIVE walk (code, parent_code, chain, is_cycle) AS (
    SELECT r.code, r.parent_code, ARRAY[r.code], false FROM region r JOIN region_reshaped s ON s.code = r.code
    UNION ALL
    SELECT r.code, r.parent_code, walk.chain || r.code, r.code = ANY(walk.chain)
    FROM walk JOIN region r ON r.code = walk.parent_code
    WHERE NOT walk.is_cycle
  )
  SELECT DISTINCT array_to_string(chain, ' > ') AS chain FROM walk WHERE is_cycle
  LIMIT 20`;
