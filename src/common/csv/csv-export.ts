import type { Response } from 'express';
import type { Page, PageQueryDto } from '../pagination/pagination';
import { MAX_PAGE_SIZE } from '../pagination/pagination';

/** The most rows one CSV export answers; the rest follows from X-Next-Cursor. */
export const CSV_EXPORT_MAX_ROWS = 100_000;

/** A column of an export: its header and how a row gives its value. */
export type CsvColumn<T> = [header: string, value: (row: T) => unknown];

/** Whether the client asked for CSV (Accept: text/csv) rather than JSON. */
export function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/csv'));
}

/**
 * Every row a list's filters match, page after page (keyset pages of the
 * largest size), from the query's cursor on, up to CSV_EXPORT_MAX_ROWS.
 */
export async function collectPages<T, Q extends PageQueryDto>(query: Q, fetch: (query: Q) => Promise<Page<T>>): Promise<Page<T>> {
  const rows: T[] = [];
  let cursor = query.cursor;
  for (;;) {
    const page = await fetch({ ...query, limit: Math.min(MAX_PAGE_SIZE, CSV_EXPORT_MAX_ROWS - rows.length), cursor });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor || rows.length >= CSV_EXPORT_MAX_ROWS) return { items: rows, nextCursor: cursor ?? null };
  }
}

const field = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A spreadsheet would run a cell starting with = + - @ as a formula; a plain negative number is left as it is.
  if (/^[=+@\t\r]/.test(text) || (text.startsWith('-') && !/^-\d+(\.\d+)?$/.test(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV with a header row; lists are joined with ';'. */
export function toCsv<T>(columns: Array<CsvColumn<T>>, rows: T[]): string {
  const lines = [columns.map(([header]) => field(header)).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => field(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Sets the CSV headers of an export; X-Next-Cursor tells where to go on when it stopped at the cap. */
export function csvResponse(response: Response, name: string, nextCursor: string | null): void {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  if (nextCursor) response.setHeader('X-Next-Cursor', nextCursor);
}
