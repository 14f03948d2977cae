/**
 * Checks a generated world without the service: what the API would refuse
 * (unknown codes, colliding exclusive grants, overlapping floors, overlapping
 * serial ranges) and that ground-truth.csv is what the rules say about the
 * sales CSVs as parsed back.
 *   npx ts-node --transpile-only bench/world/check.ts --dir bench/out/world-42
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rangesOverlap } from '../../src/common/dates/business-date';
import { parseArgs, runCli } from './cli';
import { readCsvObjects } from './csv';
import { RuleBook } from './expectations';
import { RegionTree } from './regions';
import { checkSalesFile } from './check-sales';
import { SHIPMENT_COLUMNS, World } from './types';

export interface CheckResult {
  ok: boolean;
  problems: string[];
  counted: Record<string, number>;
}

export async function checkWorld(dir: string): Promise<CheckResult> {
  const world: World = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
  const problems: string[] = [];
  const tree = checkRegions(world, problems);
  checkReferences(world, tree, problems);
  checkExclusiveGrants(world, tree, problems);
  checkFloors(world, problems);
  const shipmentRows = await checkShipments(dir, world, problems);
  const rules = new RuleBook(tree, new Map(world.products.map((product) => [product.sku, product.productLine])), world.grants, world.floors, world.permits);
  const truth = (await readCsvObjects(join(dir, 'ground-truth.csv'))).map((row) => Object.values(row).join(','));
  const listed = new Set(world.reports.map((report) => report.file));
  for (const file of readdirSync(join(dir, 'sales'))) if (!listed.has(`sales/${file}`)) problems.push(`sales/${file} is not in world.json`);
  const computed: string[] = [];
  let lines = 0;
  for (const report of world.reports) lines += await checkSalesFile(dir, report, world, tree, rules, computed, problems);
  if (computed.length !== truth.length) problems.push(`ground-truth.csv has ${truth.length} rows; the rules give ${computed.length}`);
  const firstDifference = computed.findIndex((row, i) => row !== truth[i]);
  if (firstDifference >= 0) problems.push(`ground truth row ${firstDifference + 1}: file ${truth[firstDifference]}, rules ${computed[firstDifference]}`);
  return {
    ok: problems.length === 0,
    problems: problems.slice(0, 50),
    counted: {
      regions: world.regions.length,
      distributors: world.distributors.length,
      shipmentRows,
      reports: world.reports.length,
      lines,
      violations: truth.length,
    },
  };
}

function checkRegions(world: World, problems: string[]): RegionTree {
  const seen = new Map<string, number>();
  const rank = { country: 0, province: 1, city: 2, district: 3 };
  world.regions.forEach((region, i) => {
    if (seen.has(region.code)) problems.push(`region ${region.code} twice`);
    if (region.parentCode !== null) {
      const parent = seen.get(region.parentCode);
      if (parent === undefined) problems.push(`region ${region.code}: parent ${region.parentCode} missing or later`);
      else if (rank[world.regions[parent].level] >= rank[region.level]) problems.push(`region ${region.code} is not deeper than its parent`);
    }
    seen.set(region.code, i);
  });
  return new RegionTree(world.regions);
}

function checkReferences(world: World, tree: RegionTree, problems: string[]): void {
  const distributors = new Set(world.distributors.map((row) => row.code));
  const skus = new Set(world.products.map((product) => product.sku));
  const lines = new Set(world.products.map((product) => product.productLine));
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  const created = new Set<string>();
  for (const row of world.distributors) {
    need(!row.parentCode || created.has(row.parentCode), `distributor ${row.code}: parent ${row.parentCode} missing or later`);
    need(tree.byCode.has(row.homeRegionCode), `distributor ${row.code}: no region ${row.homeRegionCode}`);
    created.add(row.code);
  }
  for (const [code, grants] of Object.entries(world.grants)) {
    need(distributors.has(code), `grants for unknown distributor ${code}`);
    for (const grant of grants) {
      need(tree.byCode.has(grant.regionCode), `grant of ${code}: no region ${grant.regionCode}`);
      need(!grant.productLine || lines.has(grant.productLine), `grant of ${code}: no line ${grant.productLine}`);
      need(!grant.validTo || grant.validTo >= grant.validFrom, `grant of ${code} ends before it starts`);
    }
  }
  for (const floor of world.floors) {
    need(!floor.sku || skus.has(floor.sku), `floor: no product ${floor.sku}`);
    need(!floor.productLine || lines.has(floor.productLine), `floor: no line ${floor.productLine}`);
    need(!floor.regionCode || tree.byCode.has(floor.regionCode), `floor: no region ${floor.regionCode}`);
  }
  for (const permit of world.permits) {
    need(distributors.has(permit.distributorCode), `permit for unknown distributor ${permit.distributorCode}`);
    need(tree.byCode.has(permit.regionCode), `permit: no region ${permit.regionCode}`);
    need(!permit.sku || skus.has(permit.sku), `permit: no product ${permit.sku}`);
    need(!(permit.sku && permit.productLine), 'permit with both sku and productLine');
  }
}

/** The API's rule: exclusive grants of unrelated distributors may not share a region line (same, ancestor or descendant), line, channel and day. */
function checkExclusiveGrants(world: World, tree: RegionTree, problems: string[]): void {
  const parentOf = new Map(world.distributors.map((row) => [row.code, row.parentCode]));
  const chain = (code: string) => {
    const codes = new Set<string>();
    for (let current: string | undefined = code; current; current = parentOf.get(current)) codes.add(current);
    return codes;
  };
  const exclusive = Object.entries(world.grants).flatMap(([code, grants]) => grants.filter((grant) => grant.exclusive).map((grant) => ({ code, grant })));
  for (let i = 0; i < exclusive.length; i += 1) {
    for (let j = i + 1; j < exclusive.length; j += 1) {
      const a = exclusive[i];
      const b = exclusive[j];
      if (a.code === b.code || chain(a.code).has(b.code) || chain(b.code).has(a.code)) continue;
      const related = tree.isWithin(a.grant.regionCode, b.grant.regionCode) || tree.isWithin(b.grant.regionCode, a.grant.regionCode);
      const line = !a.grant.productLine || !b.grant.productLine || a.grant.productLine === b.grant.productLine;
      const channel = !a.grant.channel || !b.grant.channel || a.grant.channel === b.grant.channel;
      const dates = rangesOverlap(a.grant.validFrom, a.grant.validTo ?? null, b.grant.validFrom, b.grant.validTo ?? null);
      if (related && line && channel && dates)
        problems.push(`exclusive grants collide: ${a.code} ${JSON.stringify(a.grant)} and ${b.code} ${JSON.stringify(b.grant)}`);
    }
  }
}

function checkFloors(world: World, problems: string[]): void {
  const byScope = new Map<string, Array<{ from: string; to: string | null }>>();
  for (const floor of world.floors) {
    if (Boolean(floor.sku) === Boolean(floor.productLine)) problems.push(`floor needs exactly one of sku and productLine: ${JSON.stringify(floor)}`);
    if (!/^\d+\.\d{2}$/.test(floor.minUnitPrice) || Number(floor.minUnitPrice) <= 0) problems.push(`floor price ${floor.minUnitPrice}`);
    const scope = JSON.stringify([floor.sku ?? null, floor.productLine ?? null, floor.regionCode ?? null, floor.channel ?? null, floor.level]);
    const spans = byScope.get(scope) ?? [];
    if (spans.some((span) => rangesOverlap(span.from, span.to, floor.validFrom, floor.validTo ?? null))) problems.push(`floors overlap on ${scope}`);
    spans.push({ from: floor.validFrom, to: floor.validTo ?? null });
    byScope.set(scope, spans);
  }
}

/** One of lot, serial, range per row; ranges share prefix and width; no code is shipped twice; a shipment lives in one file. */
async function checkShipments(dir: string, world: World, problems: string[]): Promise<number> {
  const codes: Array<{ key: string; from: bigint; to: bigint; where: string }> = [];
  const skus = new Set(world.products.map((product) => product.sku));
  const distributors = new Set(world.distributors.map((row) => row.code));
  const shipmentFile = new Map<string, string>();
  let rows = 0;
  for (const file of world.shipmentFiles) {
    const header = readFileSync(join(dir, file), 'utf8').split('\r\n', 1)[0];
    if (header !== SHIPMENT_COLUMNS.join(',')) problems.push(`${file}: header ${header}`);
    for (const row of await readCsvObjects(join(dir, file))) {
      rows += 1;
      const where = `${file} ${row.shipment_ref}/${row.line_no}`;
      if (shipmentFile.has(row.shipment_ref) && shipmentFile.get(row.shipment_ref) !== file) problems.push(`${row.shipment_ref} spans two files`);
      shipmentFile.set(row.shipment_ref, file);
      if (!skus.has(row.sku) || !distributors.has(row.distributor_code)) problems.push(`${where}: unknown sku or distributor`);
      if (Number.isNaN(Date.parse(row.shipped_at))) problems.push(`${where}: shipped_at ${row.shipped_at}`);
      const kinds = [row.lot !== '', row.serial !== '', row.serial_from !== '' || row.serial_to !== ''].filter(Boolean).length;
      if (kinds !== 1) problems.push(`${where}: needs exactly one of lot, serial, range`);
      const from = splitCode(row.serial || row.serial_from);
      const to = splitCode(row.serial || row.serial_to);
      if (!from || !to) continue;
      if (from.key !== to.key || from.n > to.n) problems.push(`${where}: bad range`);
      else if (row.serial_from && BigInt(row.quantity) !== to.n - from.n + 1n) problems.push(`${where}: quantity is not the range size`);
      codes.push({ key: from.key, from: from.n, to: to.n, where });
    }
  }
  codes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (let i = 1; i < codes.length; i += 1) {
    if (codes[i].key === codes[i - 1].key && codes[i].from <= codes[i - 1].to) problems.push(`codes overlap: ${codes[i - 1].where} and ${codes[i].where}`);
  }
  return rows;
}

/** "SN0000000042" -> prefix and width as the key, 42 as the number. */
function splitCode(code: string): { key: string; n: bigint } | null {
  const match = /^(.*?)(\d+)$/.exec(code);
  return match ? { key: `${match[1]}/${match[2].length}`, n: BigInt(match[2]) } : null;
}

if (require.main === module) {
  runCli(async () => {
    const { dir = 'bench/out/world-42' } = parseArgs(process.argv.slice(2));
    const result = await checkWorld(dir);
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  });
}
