/** A region and its ancestors, each with its depth (root = 0): what "R or an ancestor of R" needs. */
export type Ancestry = ReadonlyMap<string, number>;
