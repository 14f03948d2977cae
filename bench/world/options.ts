export interface WorldOptions {
  seed: number;
  /** Total sales lines across all reports. */
  lines: number;
  distributors: number;
  skus: number;
  productLines: number;
  /** Synthetic cities under each province other than Zhejiang, Jiangxi and Fujian (whose real cities are used). */
  citiesPerProvince: number;
  /** Synthetic districts under each city that has no real ones. */
  districtsPerCity: number;
  /** Share of sales lines sent out of the distributor's territory without a permit. */
  outOfTerritoryRate: number;
  /** Share of sales lines priced below the applicable distributor floor. */
  belowFloorRate: number;
  /** Share of sales lines out of territory under a transfer permit. */
  permittedRate: number;
  /** Share of sales lines that are returns (negative quantity). */
  returnRate: number;
  /** Most lines in one sales report; a distributor's lines span several reports. */
  linesPerReport: number;
  /** Shipment lines (sell-in); default a tenth of the sales lines. */
  shipmentLines: number;
  /** Most rows in one shipments CSV file. */
  shipmentRowsPerFile: number;
  period: { from: string; to: string };
  /** The product line of the seed story's dumped goods; null: any line (one incident per line and province). */
  dumpedLine: string | null;
}

export const DEFAULT_OPTIONS: Omit<WorldOptions, 'shipmentLines'> = {
  seed: 42,
  lines: 100_000,
  distributors: 200,
  skus: 300,
  productLines: 8,
  citiesPerProvince: 10,
  districtsPerCity: 8,
  outOfTerritoryRate: 0.05,
  belowFloorRate: 0.04,
  permittedRate: 0.01,
  returnRate: 0.01,
  linesPerReport: 500,
  shipmentRowsPerFile: 100_000,
  // The Zhejiang agent's rebate period ends on the last day.
  period: { from: '2026-03-01', to: '2026-06-30' },
  dumpedLine: null,
};

/** The fixed distributors (3 agents, 3 subs, a national e-commerce reseller, 2 former agents) need room. */
export const MIN_DISTRIBUTORS = 12;

export function resolveOptions(partial: Partial<WorldOptions> = {}): WorldOptions {
  const options = { ...DEFAULT_OPTIONS, ...partial };
  const resolved: WorldOptions = { ...options, shipmentLines: partial.shipmentLines ?? Math.max(100, Math.round(options.lines / 10)) };
  assertValid(resolved);
  return resolved;
}

function assertValid(options: WorldOptions): void {
  const problems: string[] = [];
  const integer = (name: keyof WorldOptions, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = options[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  };
  integer('seed', 0, 0xffffffff);
  integer('lines', 1);
  integer('distributors', MIN_DISTRIBUTORS);
  integer('productLines', 2, 99);
  integer('skus', options.productLines);
  // Codes are GB/T 2260 shaped: two digits for the city and two for the district.
  integer('citiesPerProvince', 1, 99);
  integer('districtsPerCity', 1, 99);
  integer('linesPerReport', 1);
  integer('shipmentLines', 1);
  integer('shipmentRowsPerFile', 1);
  for (const name of ['outOfTerritoryRate', 'belowFloorRate', 'permittedRate', 'returnRate'] as const) {
    if (!(options[name] >= 0 && options[name] <= 0.5)) problems.push(`${name} must be in [0, 0.5], got ${options[name]}`);
  }
  if (options.outOfTerritoryRate + options.permittedRate + options.returnRate > 0.8) problems.push('the rates leave too few ordinary lines');
  if (problems.length > 0) throw new Error(`invalid world options:\n  ${problems.join('\n  ')}`);
}
