import type { EntityManager } from 'typeorm';
import { MAX_LISTED_PROBLEMS, RowProblem } from './problems';

/**
 * The problems of a refused import: those its SQL checks left in the temporary
 * table import_problem (line, field, message) and those found before SQL saw
 * the rows (`earlier`: the file's structure). The first 100 by position, and
 * how many there are in all. JSON payloads name rows by array index, files by line.
 */
export async function importProblems(
  manager: EntityManager,
  earlier: { problems: RowProblem[]; problemCount: number },
  source: 'csv' | 'json',
): Promise<{ problems: RowProblem[]; total: number }> {
  const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM import_problem`);
  const found: Array<{ line: number; field: string; message: string }> =
    total > 0 ? await manager.query(`SELECT line, field, message FROM import_problem ORDER BY line, field LIMIT $1`, [MAX_LISTED_PROBLEMS]) : [];
  const located: RowProblem[] = found.map((problem) =>
    source === 'csv'
      ? { line: problem.line, field: problem.field, message: problem.message }
      : { index: problem.line, field: problem.field, message: problem.message },
  );
  const problems = [...earlier.problems, ...located].sort((a, b) => (a.line ?? a.index ?? 0) - (b.line ?? b.index ?? 0)).slice(0, MAX_LISTED_PROBLEMS);
  return { problems, total: earlier.problemCount + total };
}
