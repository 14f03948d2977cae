import { splitCsvRecord } from '../../common/csv/csv-header';

const COMMA = 44;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;
const WHOLE = /^-?\d{1,10}$/;

/**
 * A report's units by month and SKU, tallied as its lines stream in (the
 * CSV parser hands each good record over), so that its sell-out needs no
 * second pass over a million stored lines. A value not in the plain form
 * COPY reads (a date other than YYYY-MM-DD, a quantity with spaces) makes the
 * tally give up: the sell-out is then read back from the stored lines.
 */
export class SellOutTally {
  /** Units by SKU, then by month as year × 100 + month. */
  private readonly units = new Map<string, Map<number, number>>();
  private gaveUp = false;

  /** One line: sale_date, sku, quantity as the file holds them. */
  add(saleDate: string, sku: string, quantity: string | number): void {
    if (this.gaveUp) return;
    const text = String(quantity);
    if (!ISO_DATE.test(saleDate) || !WHOLE.test(text)) {
      this.gaveUp = true;
      return;
    }
    this.count(sku, Number(saleDate.slice(0, 4)) * 100 + Number(saleDate.slice(5, 7)), Number(text));
  }

  /**
   * A good CSV record of the sales columns (line_no, sale_date, sku,
   * quantity, ...) from `start` to `end` of `buf`: read from the bytes, the
   * date and quantity without making strings (a million records stream by).
   */
  addRecord(buf: Buffer, start: number, end: number, quoted: boolean): void {
    if (this.gaveUp) return;
    if (quoted) {
      const [, saleDate, sku, quantity] = splitCsvRecord(buf.toString('utf8', start, end));
      this.add(saleDate ?? '', sku ?? '', quantity ?? '');
      return;
    }
    const dateStart = buf.indexOf(COMMA, start) + 1;
    const skuStart = dateStart + 11;
    const quantityStart = buf.indexOf(COMMA, skuStart) + 1;
    const quantityEnd = buf.indexOf(COMMA, quantityStart);
    const month = dateStart > 0 && skuStart <= end && buf[skuStart - 1] === COMMA ? isoMonth(buf, dateStart) : -1;
    const units = quantityStart > 0 && quantityEnd > 0 && quantityEnd <= end ? wholeNumber(buf, quantityStart, quantityEnd) : null;
    if (month < 0 || units === null) {
      this.gaveUp = true;
      return;
    }
    this.count(buf.toString(isAscii(buf, skuStart, quantityStart - 1) ? 'latin1' : 'utf8', skuStart, quantityStart - 1), month, units);
  }

  /** The tally as rows, or null when it gave up. */
  rows(): Array<{ month: string; sku: string; units: number }> | null {
    if (this.gaveUp) return null;
    const rows: Array<{ month: string; sku: string; units: number }> = [];
    for (const [sku, months] of this.units) {
      for (const [month, units] of months) {
        rows.push({ month: `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}-01`, sku, units });
      }
    }
    return rows;
  }

  private count(sku: string, month: number, units: number): void {
    let months = this.units.get(sku);
    if (!months) this.units.set(sku, (months = new Map()));
    months.set(month, (months.get(month) ?? 0) + units);
  }
}

const DIGIT_0 = 48;
const DASH = 45;
const digit = (byte: number) => (byte >= DIGIT_0 && byte <= DIGIT_0 + 9 ? byte - DIGIT_0 : -1);

/** year × 100 + month of a YYYY-MM-DD at `at`, or -1. */
function isoMonth(buf: Buffer, at: number): number {
  if (buf[at + 4] !== DASH || buf[at + 7] !== DASH) return -1;
  let value = 0;
  for (const offset of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const d = digit(buf[at + offset]);
    if (d < 0) return -1;
    if (offset < 7) value = value * 10 + d;
  }
  const month = value % 100;
  return month >= 1 && month <= 12 ? value : -1;
}

/** A whole number (optionally negative, up to 10 digits) from `from` to `to`, or null. */
function wholeNumber(buf: Buffer, from: number, to: number): number | null {
  const negative = buf[from] === DASH;
  const first = negative ? from + 1 : from;
  if (to <= first || to - first > 10) return null;
  let value = 0;
  for (let i = first; i < to; i++) {
    const d = digit(buf[i]);
    if (d < 0) return null;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

function isAscii(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] > 127) return false;
  return true;
}
