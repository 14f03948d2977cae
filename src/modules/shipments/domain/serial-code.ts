/**
 * Serial codes bind to distributors as ranges: a code is a prefix and a
 * numeric suffix of fixed width ("ZJ000123" = "ZJ" + 123, width 6); a range
 * shares prefix and width and spans [first, last]. One code is a range of one.
 * The same split runs in SQL (serial-code.sql.ts) over whole batches.
 */
export interface CodeRange {
  prefix: string;
  width: number;
  first: bigint;
  last: bigint;
}

const CODE = /^[^\s\u0000-\u001f]{1,64}$/;
const SUFFIX = /([0-9]{1,18})$/;
/** The most codes one range may bind. */
export const MAX_RANGE_SIZE = 1_000_000_000n;

/** Splits a code; null when it is not a code (empty, spaces, too long). Codes without trailing digits have width 0. */
export function splitCode(raw: string): CodeRange | null {
  const code = raw.trim();
  if (!CODE.test(code)) return null;
  const digits = SUFFIX.exec(code)?.[1] ?? '';
  const number = digits === '' ? 0n : BigInt(digits);
  return { prefix: code.slice(0, code.length - digits.length), width: digits.length, first: number, last: number };
}

/** A range from two codes, or the reason it is not one. */
export function parseRange(from: string, to: string): CodeRange | string {
  const start = splitCode(from);
  const end = splitCode(to);
  if (!start || !end) return 'from and to must be codes of 1-64 characters without spaces';
  if (start.width === 0) return 'a range needs codes that end in digits';
  if (start.prefix !== end.prefix || start.width !== end.width) return 'from and to must share their prefix and the width of their numeric part';
  if (end.first < start.first) return 'to must not be before from';
  if (end.first - start.first + 1n > MAX_RANGE_SIZE) return `a range may hold at most ${MAX_RANGE_SIZE} codes`;
  return { ...start, last: end.first };
}

/** The code at a position of a range, e.g. for showing a range's ends. */
export function formatCode(prefix: string, width: number, number: bigint): string {
  return width === 0 ? prefix : `${prefix}${number.toString().padStart(width, '0')}`;
}

export function rangesOverlap(a: CodeRange, b: CodeRange): boolean {
  return a.prefix === b.prefix && a.width === b.width && a.first <= b.last && b.first <= a.last;
}
