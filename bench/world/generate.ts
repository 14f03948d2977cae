/**
 * A deterministic world for channel-conflict benchmarks and end-to-end checks:
 *   npx ts-node --transpile-only bench/world/generate.ts --seed 42 --lines 100000 --distributors 200 --out bench/out/world-42
 * (other options: --skus --product-lines --cities-per-province --districts-per-city --out-of-territory-rate
 *  --below-floor-rate --permitted-rate --return-rate --lines-per-report --shipment-lines --shipment-rows-per-file
 *  --dumped-line snacks: the seed story's dumping in one product line)
 *
 * Output folder:
 *   world.json                  regions, distributors, grants by distributor, products, floors, permits,
 *                               the report index and the shipment files, as the API takes them (load.ts sends them)
 *   shipments.csv               sell-in, one shipment line per row (shipments-001.csv, ... when large)
 *   sales/<code>__<ref>.csv     one sales report per file
 *   ground-truth.csv            one row per violation the rules expect (distributor_code, report_ref, line_no, ...)
 *   ground-truth-summary.json   counts by type and status, lines, reports, the seed story
 *
 * Same seed and options, byte-identical output. Always present: the Zhejiang
 * agent (ZJ-GA) dumping into Jiangxi (JX-GA) and Fujian (FJ-GA) below the floor
 * in the weeks before 2026-06-30. The ground truth comes from the repository's
 * pure rules applied to each line as written, never from what a line was meant to be.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCatalog, buildFloors } from './catalog';
import { parseArgs, runCli } from './cli';
import { RuleBook } from './expectations';
import { resolveOptions, WorldOptions } from './options';
import { buildParties } from './parties';
import { buildPermits } from './permits';
import { buildRegions, RegionTree } from './regions';
import { writeReports } from './reports';
import { SalesLineMaker } from './sales';
import { planReporters } from './sales-plan';
import { writeShipments } from './shipments';
import type { World } from './types';

export interface GeneratedWorld {
  dir: string;
  summary: Record<string, unknown>;
}

export async function generateWorld(partial: Partial<WorldOptions> & { out: string }): Promise<GeneratedWorld> {
  const { out, ...rest } = partial;
  const options = resolveOptions(rest);
  const dir = resolve(out);
  prepareFolder(dir);
  const regions = buildRegions(options.citiesPerProvince, options.districtsPerCity);
  const tree = new RegionTree(regions);
  const catalog = buildCatalog(options);
  if (options.dumpedLine !== null && !catalog.skusOf.has(options.dumpedLine)) {
    throw new Error(`invalid world options:\n  dumpedLine must be one of ${catalog.lines.join(', ')}, got ${options.dumpedLine}`);
  }
  const parties = buildParties(options, tree, catalog.lines);
  const floors = buildFloors(options, tree, catalog);
  const permits = buildPermits(options, tree, catalog, parties);
  const grants = Object.fromEntries(parties.map((party) => [party.row.code, party.grants]));
  const rules = new RuleBook(tree, catalog.lineOf, grants, floors, permits);
  const reporters = planReporters(options, parties, permits);
  const shipments = await writeShipments(options, catalog, reporters, dir);
  const maker = new SalesLineMaker(options, tree, catalog, rules, permits);
  const { reports, summary } = await writeReports(dir, reporters, shipments.stock, maker, rules, tree, options.linesPerReport);
  const world: World = {
    seed: options.seed,
    period: options.period,
    regions,
    distributors: parties.map((party) => party.row),
    grants,
    products: catalog.products,
    floors,
    permits,
    reports,
    shipmentFiles: shipments.files,
  };
  writeFileSync(join(dir, 'world.json'), `${JSON.stringify(world, null, 1)}\n`);
  const full = {
    seed: options.seed,
    options,
    world: {
      regions: regions.length,
      distributors: parties.length,
      grants: parties.reduce((sum, party) => sum + party.grants.length, 0),
      products: catalog.products.length,
      floors: floors.length,
      permits: permits.length,
      shipmentRows: shipments.rows,
      shipmentFiles: shipments.files.length,
    },
    ...summary,
  };
  writeFileSync(join(dir, 'ground-truth-summary.json'), `${JSON.stringify(full, null, 2)}\n`);
  return { dir, summary: full };
}

const OUTPUTS = /^(world\.json|ground-truth\.csv|ground-truth-summary\.json|shipments(-\d+)?\.csv|sales)$/;

/** A fresh folder, or one holding an earlier world (whose files are replaced); never anything else. */
function prepareFolder(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes('world.json')) throw new Error(`${dir} is not empty and holds no world: choose another --out`);
    for (const entry of entries) if (OUTPUTS.test(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  mkdirSync(join(dir, 'sales'), { recursive: true });
}

const NUMERIC = new Set([
  'seed',
  'lines',
  'distributors',
  'skus',
  'productLines',
  'citiesPerProvince',
  'districtsPerCity',
  'outOfTerritoryRate',
  'belowFloorRate',
  'permittedRate',
  'returnRate',
  'linesPerReport',
  'shipmentLines',
  'shipmentRowsPerFile',
]);

if (require.main === module) {
  runCli(async () => {
    const args = parseArgs(process.argv.slice(2));
    const options: Partial<WorldOptions> & { out: string } = { out: args.out ?? `bench/out/world-${args.seed ?? 42}` };
    for (const [name, value] of Object.entries(args)) {
      if (name === 'out') continue;
      if (name === 'dumpedLine') {
        options.dumpedLine = value;
        continue;
      }
      if (!NUMERIC.has(name)) throw new Error(`unknown option --${name}`);
      (options as Record<string, unknown>)[name] = Number(value);
    }
    const started = performance.now();
    const { dir, summary } = await generateWorld(options);
    console.log(JSON.stringify({ ...summary, options: undefined, dir, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, null, 2));
  });
}
