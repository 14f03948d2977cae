import { ProblemCollector } from '../../common/validation/problems';
import { REGION_LEVELS, type RegionLevel } from './region.entity';

export interface RegionRow {
  index: number;
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel;
}

const CODE = /^[^\s\u0000-\u001f]{1,64}$/;
export const MAX_REGION_ROWS = 100_000;

/**
 * Checks a `PUT /regions` payload row by row, without class-validator: the
 * payload may hold tens of thousands of rows. Levels may be named or ranked.
 */
export function parseRegionRows(body: unknown, problems: ProblemCollector): RegionRow[] {
  if (!Array.isArray(body)) {
    problems.add({ message: 'the body must be a JSON array of {code, name, parentCode, level}' });
    return [];
  }
  if (body.length === 0) problems.add({ message: 'the array is empty' });
  if (body.length > MAX_REGION_ROWS) {
    problems.add({ message: `at most ${MAX_REGION_ROWS} regions per call; send ${body.length} in several calls` });
    return [];
  }
  const rows: RegionRow[] = [];
  const firstIndexOf = new Map<string, number>();
  body.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.add({ index, message: 'must be an object {code, name, parentCode, level}' });
      return;
    }
    const { code, name, parentCode, level, ...extra } = item as Record<string, unknown>;
    const before = problems.total;
    for (const field of Object.keys(extra)) problems.add({ index, field, message: `property ${field} should not exist` });
    const cleanCode = typeof code === 'string' ? code.trim() : code;
    if (typeof cleanCode !== 'string' || !CODE.test(cleanCode)) problems.add({ index, field: 'code', message: 'code must be 1-64 characters without spaces' });
    const cleanName = typeof name === 'string' ? name.trim() : name;
    if (typeof cleanName !== 'string' || cleanName.length === 0 || cleanName.length > 200) {
      problems.add({ index, field: 'name', message: 'name must be a non-empty string of at most 200 characters' });
    }
    const cleanParent = typeof parentCode === 'string' ? parentCode.trim() : parentCode;
    if (cleanParent !== undefined && cleanParent !== null && (typeof cleanParent !== 'string' || !CODE.test(cleanParent))) {
      problems.add({ index, field: 'parentCode', message: 'parentCode must be a region code or null' });
    }
    if (typeof cleanCode === 'string' && cleanCode === cleanParent) problems.add({ index, field: 'parentCode', message: 'a region cannot be its own parent' });
    const cleanLevel = typeof level === 'number' ? REGION_LEVELS[level] : level;
    if (typeof cleanLevel !== 'string' || !(REGION_LEVELS as readonly string[]).includes(cleanLevel)) {
      problems.add({ index, field: 'level', message: `level must be one of ${REGION_LEVELS.join(', ')} (or 0-4)` });
    }
    if (typeof cleanCode === 'string') {
      const first = firstIndexOf.get(cleanCode);
      if (first !== undefined) problems.add({ index, field: 'code', message: `code ${cleanCode} is also at index ${first}` });
      else firstIndexOf.set(cleanCode, index);
    }
    if (problems.total === before) {
      rows.push({
        index,
        code: cleanCode as string,
        name: cleanName as string,
        parentCode: (cleanParent as string | null | undefined) ?? null,
        level: cleanLevel as RegionLevel,
      });
    }
  });
  return rows;
}
