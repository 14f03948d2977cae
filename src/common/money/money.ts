/**
 * Money and unit prices are exact decimals: strings on the wire ("12.50"),
 * numeric in PostgreSQL, and scaled bigints when TypeScript must compare them.
 * Never binary floating point.
 */
export const MONEY_SCALE = 4;
const DECIMAL = /^(-?)(\d{1,14})(?:\.(\d{1,4}))?$/;

/** Parses "12.5", "12.50" or 12.5 into a normalised decimal string, or null when malformed. */
export function parseDecimal(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null) return null;
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  return formatDecimal(`${sign}${BigInt(whole)}.${fraction}`);
}

/** The value in ten-thousandths, for exact comparison and arithmetic. */
export function toScaled(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal: ${decimal}`);
  const [, sign, whole, fraction = ''] = match;
  const scaled = BigInt(whole) * 10n ** BigInt(MONEY_SCALE) + BigInt(fraction.padEnd(MONEY_SCALE, '0').slice(0, MONEY_SCALE));
  return sign === '-' ? -scaled : scaled;
}

export function fromScaled(scaled: bigint): string {
  const negative = scaled < 0n;
  const absolute = negative ? -scaled : scaled;
  const unit = 10n ** BigInt(MONEY_SCALE);
  const fraction = (absolute % unit).toString().padStart(MONEY_SCALE, '0');
  return formatDecimal(`${negative ? '-' : ''}${absolute / unit}.${fraction}`);
}

/** At least two decimals, more only when they carry information: "12.50", "0.125". */
export function formatDecimal(decimal: string): string {
  const [whole, fraction = ''] = decimal.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  // "-0.50" keeps its sign; only a zero is unsigned.
  const normalisedWhole = whole === '-0' && trimmed === '' ? '0' : whole;
  return `${normalisedWhole}.${trimmed.padEnd(2, '0')}`;
}

/** -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const difference = toScaled(a) - toScaled(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** Selling exactly at the floor is allowed; only strictly below is a breach. */
export function isBelow(price: string, floor: string): boolean {
  return compareDecimal(price, floor) < 0;
}
