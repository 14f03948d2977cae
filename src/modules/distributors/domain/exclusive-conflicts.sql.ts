/**
 * Exclusive grants of other distributors that overlap the given grants ($1):
 * same, ancestor or descendant region; overlapping line, channel and dates
 * (null overlaps everything); a distributor and those it works under may
 * overlap. The rule is the SQL function exclusive_grant_conflicts (migration
 * create-reference-data), shared by every writer that can break it.
 */
export const EXCLUSIVE_CONFLICTS_SQL = `SELECT * FROM exclusive_grant_conflicts($1::uuid[]) ORDER BY grant_id, id LIMIT 100`;
