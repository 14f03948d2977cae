import type { WorldOptions } from './options';
import { addDays, centsToDecimal, dayNumber, pad, Rng } from './random';
import { FUJIAN, JIANGXI, RegionTree, ZHEJIANG } from './regions';
import { GRANT_START } from './parties';
import type { FloorPayload, ProductRow } from './types';

const LINES: Array<[string, string]> = [
  ['snacks', 'SNK'],
  ['beverages', 'BEV'],
  ['nuts', 'NUT'],
  ['candy', 'CND'],
  ['biscuits', 'BSC'],
  ['dairy', 'DRY'],
  ['frozen', 'FRZ'],
  ['condiments', 'CDM'],
  ['noodles', 'NDL'],
  ['tea', 'TEA'],
  ['baking', 'BAK'],
  ['spirits', 'SPR'],
];
const UNITS = ['bag', 'bottle', 'box', 'case'];

export interface Catalog {
  lines: string[];
  products: ProductRow[];
  /** The usual distributor price of each SKU, in cents. */
  listCents: Map<string, number>;
  lineOf: Map<string, string>;
  skusOf: Map<string, string[]>;
}

export function buildCatalog(options: WorldOptions): Catalog {
  const rng = new Rng(options.seed, 'catalog');
  const lines = Array.from({ length: options.productLines }, (_, i) => LINES[i]?.[0] ?? `line-${pad(i + 1, 2)}`);
  const prefixes = lines.map((line, i) => LINES[i]?.[1] ?? `L${pad(i + 1, 2)}`);
  const baseCents = lines.map(() => rng.int(300, 8000));
  const catalog: Catalog = { lines, products: [], listCents: new Map(), lineOf: new Map(), skusOf: new Map(lines.map((line) => [line, []])) };
  for (let i = 0; i < options.skus; i += 1) {
    const lineIndex = i % lines.length;
    const line = lines[lineIndex];
    const sku = `${prefixes[lineIndex]}-${pad(Math.floor(i / lines.length) + 1, 4)}`;
    const product: ProductRow = { sku, name: `${line} ${sku}`, productLine: line, unit: rng.pick(UNITS) };
    if (rng.chance(0.8)) product.gtin = gtin13(690_000_000 + i);
    catalog.products.push(product);
    catalog.listCents.set(sku, Math.round(baseCents[lineIndex] * rng.between(0.9, 1.2)));
    catalog.lineOf.set(sku, line);
    catalog.skusOf.get(line)!.push(sku);
  }
  return catalog;
}

/** An EAN-13 under a Chinese GS1 prefix (690), with its check digit. */
function gtin13(n: number): string {
  const body = `690${pad(n % 1_000_000_000, 9)}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/**
 * Distributor and retail floors: a national floor for every line (so every
 * sale has a price check), regional and channel-specific line floors, SKU
 * floors, and a price change at mid-period for some. Never two floors with
 * the same scope and level on the same day.
 */
export function buildFloors(options: WorldOptions, tree: RegionTree, catalog: Catalog): FloorPayload[] {
  const rng = new Rng(options.seed, 'floors');
  const floors: FloorPayload[] = [];
  const scopes = new Set<string>();
  const change = addDays(options.period.from, Math.floor((dayNumber(options.period.to) - dayNumber(options.period.from)) / 2));
  const add = (
    target: Pick<FloorPayload, 'sku' | 'productLine'>,
    terms: Omit<FloorPayload, 'sku' | 'productLine' | 'minUnitPrice' | 'validFrom'>,
    cents: number,
    newCents?: number,
  ) => {
    const key = JSON.stringify([target.sku, target.productLine, terms.regionCode, terms.channel, terms.level]);
    if (scopes.has(key)) return;
    scopes.add(key);
    const price = (value: number) => centsToDecimal(Math.max(1, Math.round(value)));
    if (newCents === undefined) {
      floors.push({ ...target, ...terms, minUnitPrice: price(cents), validFrom: GRANT_START });
      return;
    }
    floors.push({ ...target, ...terms, minUnitPrice: price(cents), validFrom: GRANT_START, validTo: addDays(change, -1) });
    floors.push({ ...target, ...terms, minUnitPrice: price(newCents), validFrom: change });
  };
  const provinces = tree.atLevel('province');
  const cities = tree.atLevel('city');
  catalog.lines.forEach((productLine, i) => {
    const base = average(catalog.skusOf.get(productLine)!.map((sku) => catalog.listCents.get(sku)!));
    const line = { productLine };
    add(line, { level: 'distributor' }, base * 0.8, i % 3 === 1 ? base * 0.84 : undefined);
    add(line, { level: 'retail' }, base * 1.1);
    add(line, { level: 'distributor', channel: 'ecommerce' }, base * 0.72);
    const regional = [i % 2 === 0 ? JIANGXI : FUJIAN, rng.pick(provinces), rng.pick(provinces), rng.pick(cities), rng.pick(cities)];
    if (i % 4 === 0) regional.push(ZHEJIANG);
    for (const regionCode of regional) add(line, { level: 'distributor', regionCode }, base * rng.between(0.78, 0.86));
    if (i % 2 === 0) add(line, { level: 'distributor', regionCode: rng.pick(provinces), channel: 'catering' }, base * 0.85);
    if (i === 0) add(line, { level: 'distributor', regionCode: JIANGXI, channel: 'modern_trade' }, base * 0.84);
  });
  for (const { sku } of catalog.products) {
    const list = catalog.listCents.get(sku)!;
    const target = { sku };
    if (rng.chance(0.3)) add(target, { level: 'distributor' }, list * rng.between(0.82, 0.9), rng.chance(0.25) ? list * 0.9 : undefined);
    if (rng.chance(0.1)) add(target, { level: 'distributor', regionCode: rng.chance(0.5) ? rng.pick([JIANGXI, FUJIAN]) : rng.pick(provinces) }, list * 0.88);
    if (rng.chance(0.05)) add(target, { level: 'distributor', channel: 'modern_trade' }, list * 0.9);
    if (rng.chance(0.1)) add(target, { level: 'retail' }, list * 1.15);
  }
  return floors;
}

const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
