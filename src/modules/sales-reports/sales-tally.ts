import { splitCsvRecord } from '../../common/csv/csv-header';
import { priceBucket } from '../../common/money/price-bucket';

const COMMA = 44;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;
const WHOLE = /^-?\d{1,10}$/;
const PRICE = /^\d{1,14}(\.\d{1,4})?$/;
const DOT = 46;
const monthText = (month: number) => `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}-01`;

/** What a report adds to the aggregates, tallied from its lines. */
export interface SalesTallyRows {
  /** Units by month and SKU: its sell-out. */
  sellOut: Array<{ month: string; sku: string; units: number }>;
  /** Units sold by month, destination province, product line and 1% price bucket, returns aside: its prices. */
  prices: Array<{ month: string; province: string; productLine: string; bucket: number; units: number }>;
}

/**
 * A report's units by month and SKU, and its units sold by month, province,
 * SKU and price bucket, tallied as its lines stream in (the CSV parser hands
 * each good record over), so that its sell-out and prices need no second pass
 * over a million stored lines. A value not in the plain form COPY reads (a
 * date other than YYYY-MM-DD, a quantity or a price with spaces) makes the
 * tally give up: both are then read back from the stored lines.
 */
export class SalesTally {
  /** Units by SKU, then by month as year × 100 + month. */
  private readonly units = new Map<string, Map<number, number>>();
  /** Units sold by month, then province, product line and bucket. */
  private readonly sold = new Map<number, Map<string, Map<string, Map<number, number>>>>();
  private gaveUp = false;

  /** `provinceOf`: each region code's province; `lineOf`: each SKU's product line; for the prices. */
  constructor(
    private readonly provinceOf: ReadonlyMap<string, string>,
    private readonly lineOf: ReadonlyMap<string, string>,
  ) {}

  /** One line: sale_date, sku, quantity, unit_price and ship_to_region_code as the file holds them. */
  add(saleDate: string, sku: string, quantity: string | number, unitPrice: string | number, region: string): void {
    if (this.gaveUp) return;
    const text = String(quantity);
    const price = String(unitPrice);
    if (!ISO_DATE.test(saleDate) || !WHOLE.test(text) || !PRICE.test(price)) {
      this.gaveUp = true;
      return;
    }
    const month = Number(saleDate.slice(0, 4)) * 100 + Number(saleDate.slice(5, 7));
    this.count(sku, month, Number(text));
    if (Number(text) > 0) this.sell(month, region, sku, Number(price), Number(text));
  }

  /**
   * A good CSV record of the sales columns (line_no, sale_date, sku,
   * quantity, ...) from `start` to `end` of `buf`: read from the bytes, the
   * date and quantity without making strings (a million records stream by).
   */
  addRecord(buf: Buffer, start: number, end: number, quoted: boolean): void {
    if (this.gaveUp) return;
    if (quoted) {
      const fields = splitCsvRecord(buf.toString('utf8', start, end));
      this.add(fields[1] ?? '', fields[2] ?? '', fields[3] ?? '', fields[4] ?? '', fields[7] ?? '');
      return;
    }
    const dateStart = buf.indexOf(COMMA, start) + 1;
    const skuStart = dateStart + 11;
    const quantityStart = buf.indexOf(COMMA, skuStart) + 1;
    const priceStart = buf.indexOf(COMMA, quantityStart) + 1;
    const priceEnd = buf.indexOf(COMMA, priceStart);
    const channelEnd = buf.indexOf(COMMA, priceEnd + 1);
    const regionStart = buf.indexOf(COMMA, channelEnd + 1) + 1;
    const regionEnd = buf.indexOf(COMMA, regionStart);
    const month = dateStart > 0 && skuStart <= end && buf[skuStart - 1] === COMMA ? isoMonth(buf, dateStart) : -1;
    const units = quantityStart > 0 && priceStart > 0 ? wholeNumber(buf, quantityStart, priceStart - 1) : null;
    const price = priceStart > 0 && priceEnd > 0 ? decimalNumber(buf, priceStart, priceEnd) : null;
    if (month < 0 || units === null || price === null || channelEnd < 0 || regionStart === 0 || regionEnd < 0 || regionEnd > end) {
      this.gaveUp = true;
      return;
    }
    const sku = buf.toString(isAscii(buf, skuStart, quantityStart - 1) ? 'latin1' : 'utf8', skuStart, quantityStart - 1);
    this.count(sku, month, units);
    if (units > 0) this.sell(month, buf.toString('latin1', regionStart, regionEnd), sku, price, units);
  }

  /** The tally as rows, or null when it gave up. */
  rows(): SalesTallyRows | null {
    if (this.gaveUp) return null;
    const sellOut: SalesTallyRows['sellOut'] = [];
    for (const [sku, months] of this.units) {
      for (const [month, units] of months) sellOut.push({ month: monthText(month), sku, units });
    }
    const prices: SalesTallyRows['prices'] = [];
    for (const [month, provinces] of this.sold) {
      for (const [province, lines] of provinces) {
        for (const [productLine, buckets] of lines) {
          for (const [bucket, units] of buckets) prices.push({ month: monthText(month), province, productLine, bucket, units });
        }
      }
    }
    return { sellOut, prices };
  }

  private sell(month: number, region: string, sku: string, price: number, units: number): void {
    // A region or SKU that does not exist is refused with the report: nothing of it is stored.
    const province = this.provinceOf.get(region);
    const productLine = this.lineOf.get(sku);
    if (province === undefined || productLine === undefined) return;
    let provinces = this.sold.get(month);
    if (!provinces) this.sold.set(month, (provinces = new Map()));
    let lines = provinces.get(province);
    if (!lines) provinces.set(province, (lines = new Map()));
    let buckets = lines.get(productLine);
    if (!buckets) lines.set(productLine, (buckets = new Map()));
    const bucket = priceBucket(price);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + units);
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

/** A price as COPY reads it (digits, an optional point and up to 4 decimals) from `from` to `to`, or null. */
function decimalNumber(buf: Buffer, from: number, to: number): number | null {
  if (to <= from || to - from > 19) return null;
  let whole = 0;
  let fraction = 0;
  let scale = 1;
  let point = -1;
  for (let i = from; i < to; i++) {
    if (buf[i] === DOT && point < 0 && i > from) {
      point = i;
      continue;
    }
    const d = digit(buf[i]);
    if (d < 0) return null;
    if (point < 0) whole = whole * 10 + d;
    else {
      fraction = fraction * 10 + d;
      scale *= 10;
    }
  }
  if (point >= 0 && (to - point - 1 < 1 || to - point - 1 > 4)) return null;
  return whole + fraction / scale;
}

function isAscii(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] > 127) return false;
  return true;
}
