/**
 * Asks a loaded service's reference lookups about sampled sales lines and
 * compares with the rules the ground truth came from: territory-check
 * (in territory, permitted, other holders = victims) and the applicable
 * distributor floor. Needs only the reference data, not the sales imports.
 *   npx ts-node --transpile-only bench/world/spot-check.ts --dir bench/out/world-42 --base-url http://localhost:3000 --samples 500
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareDecimal } from '../../src/common/money/money';
import { ApiClient } from '../lib/http';
import { parseArgs, runCli } from './cli';
import { readCsvObjects } from './csv';
import { RuleBook } from './expectations';
import { Rng } from './random';
import { RegionTree } from './regions';
import type { World } from './types';
import { inParallel } from './upload';

interface TerritoryCheck {
  inTerritory: boolean;
  allowed: boolean;
  otherHolders: string[];
}

export async function spotCheck(api: ApiClient, dir: string, samples: number): Promise<{ checked: number; mismatches: string[] }> {
  const world: World = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
  const tree = new RegionTree(world.regions);
  const rules = new RuleBook(tree, new Map(world.products.map((product) => [product.sku, product.productLine])), world.grants, world.floors, world.permits);
  const rng = new Rng(world.seed, 'spot-check');
  // Half the samples are lines the ground truth flags, half are any line.
  const truth = await readCsvObjects(join(dir, 'ground-truth.csv'));
  const reportOf = new Map(world.reports.map((report) => [`${report.distributorCode}|${report.reportRef}`, report]));
  const picks = await Promise.all(
    Array.from({ length: samples }, async (_, i) => {
      const flagged = i % 2 === 0 && truth.length > 0 ? rng.pick(truth) : undefined;
      const report = flagged ? reportOf.get(`${flagged.distributor_code}|${flagged.report_ref}`)! : rng.pick(world.reports);
      const rows = await readCsvObjects(join(dir, report.file));
      const row = flagged ? rows[Number(flagged.line_no) - 1] : rng.pick(rows);
      return { code: report.distributorCode, row };
    }),
  );
  const mismatches: string[] = [];
  await inParallel(picks, 8, async ({ code, row }) => {
    const sale = rules.saleOf({ sku: row.sku, channel: row.channel || null, shipToRegionCode: row.ship_to_region_code, saleDate: row.sale_date });
    const query = new URLSearchParams({
      distributorCode: code,
      regionCode: sale.regionCode,
      sku: sale.sku,
      date: sale.date,
      ...(sale.channel ? { channel: sale.channel } : {}),
    });
    const check = await api.request<TerritoryCheck>('GET', `/api/v1/territory-check?${query}`);
    const expected = { inTerritory: rules.inTerritory(code, sale), permitted: rules.permitted(code, sale), victims: rules.victims(code, sale) };
    const what = `${code} ${JSON.stringify(sale)}`;
    if (check.inTerritory !== expected.inTerritory) mismatches.push(`${what}: inTerritory ${check.inTerritory}, rules ${expected.inTerritory}`);
    if (!check.inTerritory && check.allowed !== expected.permitted) mismatches.push(`${what}: allowed ${check.allowed}, rules permitted ${expected.permitted}`);
    if ([...check.otherHolders].sort().join('|') !== expected.victims.join('|'))
      mismatches.push(`${what}: otherHolders ${check.otherHolders}, rules ${expected.victims}`);
    const floorQuery = new URLSearchParams({
      sku: sale.sku,
      regionCode: sale.regionCode,
      level: 'distributor',
      date: sale.date,
      ...(sale.channel ? { channel: sale.channel } : {}),
    });
    const { floor } = await api.request<{ floor: { minUnitPrice: string } | null }>('GET', `/api/v1/price-floors/applicable?${floorQuery}`);
    const price = rules.floorPrice(sale);
    const same = floor === null || price === null ? floor === null && price === null : compareDecimal(floor.minUnitPrice, price) === 0;
    if (!same) mismatches.push(`${what}: floor ${floor?.minUnitPrice ?? 'none'}, rules ${price ?? 'none'}`);
  });
  return { checked: picks.length, mismatches: mismatches.slice(0, 20) };
}

if (require.main === module) {
  runCli(async () => {
    const args = parseArgs(process.argv.slice(2));
    const api = new ApiClient((args.baseUrl ?? 'http://localhost:3000').replace(/\/$/, ''));
    await api.login(process.env.ADMIN_EMAIL || undefined, process.env.ADMIN_PASSWORD || undefined);
    const result = await spotCheck(api, args.dir ?? 'bench/out/world-42', Number(args.samples ?? 500));
    console.log(JSON.stringify(result, null, 2));
    return result.mismatches.length === 0 ? 0 : 1;
  });
}
