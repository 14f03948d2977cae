import { appendFileSync } from 'node:fs';

/** One headline figure of a bench, as the summary table of `npm run bench` shows it. */
export interface Figure {
  /** What was measured, with the sizes it was measured at. */
  figure: string;
  /** The target as text (`<= 100 ms`); empty for a figure kept for the record. */
  target: string;
  measured: string;
  /** For a figure that compares two measurements (an upload against a bare COPY of the same file). */
  ratio?: string;
  /** Judged on the figure as shown, so the table never contradicts itself; absent when there is no target. */
  met?: boolean;
}

/** A bench's figures as `npm run bench` reads them back: one JSON object a line in the file BENCH_RESULTS names. */
export interface RecordedFigures {
  bench: string;
  figures: Figure[];
}

/**
 * Hands a bench's headline figures to the runner (`npm run bench`), which
 * names the file in BENCH_RESULTS. Run alone, a bench's printed table is its
 * record, so there is nothing to write.
 */
export function recordFigures(bench: string, figures: Figure[]): void {
  const file = process.env.BENCH_RESULTS;
  if (!file) return;
  const record: RecordedFigures = { bench, figures };
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}
