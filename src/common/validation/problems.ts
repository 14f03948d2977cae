/** One thing wrong with one row of a bulk payload or file. */
export interface RowProblem {
  /** Position in a JSON array (0-based). */
  index?: number;
  /** Line of a CSV file (1-based, the header is line 1). */
  line?: number;
  field?: string;
  message: string;
}

export const MAX_LISTED_PROBLEMS = 100;

/** Collects row problems, keeping the first 100 and counting the rest. */
export class ProblemCollector {
  readonly listed: RowProblem[] = [];
  total = 0;

  add(problem: RowProblem): void {
    this.total += 1;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(problem);
  }

  get empty(): boolean {
    return this.total === 0;
  }

  /** The `details` of the error that refuses the payload. */
  toDetails(): { problems: RowProblem[]; totalProblems: number } {
    return { problems: this.listed, totalProblems: this.total };
  }
}
