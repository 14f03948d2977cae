/**
 * Field sightings over a generated world, against the ground truth of the
 * repository's pure rules: a single serial, a serial inside a range, an item
 * packed in a case on a bound serial, a lot shipped to one distributor, a lot
 * shipped to several, a code never shipped, and goods at home at a fair price.
 *   npm run bench:sightings-check -- [--lines 20000] [--seed 42] [--sightings 700]
 * For each sighting the traces (outcome, confidence, distributor) and the
 * violations (type, status, offender) must be the expected ones. Exits
 * non-zero on any mismatch.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDecimal, formatDecimal } from '../src/common/money/money';
import { applicableFloor } from '../src/modules/catalog/domain/floor-precedence';
import { sightingCandidates, type SightingTrace } from '../src/modules/detection/domain/sighting-candidates';
import { traceCode, traceLot, type Shipped } from '../src/modules/detection/domain/trace-outcome';
import { coveringPermits, grantCovers } from '../src/modules/distributors/domain/coverage';
import { recordFigures } from './lib/figures';
import { ApiClient, numberArgument, printTable, seededRandom } from './lib/http';
import { startService } from './lib/service';
import { generateWorld } from './world/generate';
import { loadWorld } from './world/load';
import { RegionTree } from './world/regions';
import { toFloorTerms, toGrantTerms, toPermitTerms, type World } from './world/types';

const KINDS = ['serial', 'range', 'packed', 'lot', 'shared-lot', 'unknown', 'home'] as const;
type Kind = (typeof KINDS)[number];

interface Binding extends Shipped {
  code?: string;
  from?: number;
  to?: number;
}

/** The world's shipment files, as bindings: single serials, ranges, lots. */
function readShipments(world: World, dir: string): { singles: Binding[]; ranges: Binding[]; lots: Map<string, Shipped[]> } {
  const singles: Binding[] = [];
  const ranges: Binding[] = [];
  const lots = new Map<string, Shipped[]>();
  for (const file of world.shipmentFiles) {
    const [, ...rows] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
    for (const row of rows) {
      const [shipmentRef, distributorCode, shippedAt, , sku, , , lot, serial, from, to] = row.split(',');
      const shipped = { distributorCode, sku, shipmentRef, shippedAt: new Date(shippedAt) };
      if (serial) singles.push({ ...shipped, code: serial });
      if (from) ranges.push({ ...shipped, from: Number(from.slice(2)), to: Number(to.slice(2)) });
      if (lot) lots.set(lot, [...(lots.get(lot) ?? []), shipped]);
    }
  }
  return { singles, ranges, lots };
}

async function main(): Promise<void> {
  const lines = numberArgument('lines', 20_000);
  const seed = numberArgument('seed', 42);
  const count = numberArgument('sightings', 700);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-sightings-check-'));
  const service = await startService();
  try {
    await generateWorld({ seed, lines, out: dir });
    const api = new ApiClient(service.baseUrl);
    await api.login();
    await loadWorld(api, dir);
    const world: World = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
    const tree = new RegionTree(world.regions);
    const lineOf = new Map(world.products.map((product) => [product.sku, product.productLine]));
    const grants = Object.entries(world.grants).flatMap(([code, payloads]) => payloads.map((payload, index) => toGrantTerms(code, payload, index)));
    const permits = world.permits.map(toPermitTerms);
    const retailFloors = world.floors.map(toFloorTerms).filter((floor) => floor.level === 'retail');
    const { singles, ranges, lots } = readShipments(world, dir);
    const soleLots = [...lots].filter(
      ([, shipped]) => new Set(shipped.map((line) => line.distributorCode)).size === 1 && new Set(shipped.map((line) => line.sku)).size === 1,
    );
    const sharedLots = [...lots].filter(
      ([, shipped]) => new Set(shipped.map((line) => line.distributorCode)).size > 1 && new Set(shipped.map((line) => line.sku)).size === 1,
    );
    if (sharedLots.length === 0 || soleLots.length === 0) throw new Error('the world has no lot of each kind');

    const random = seededRandom(seed + 5);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const districts = world.regions.filter((region) => region.level === 'district').map((region) => region.code);
    const day = world.period.to;
    const observedAt = `${day}T10:00:00+08:00`;

    // Items packed in cases on bound serials: they trace through both.
    const packedItems: Array<{ code: string; binding: Binding }> = [];
    for (let i = 0; i < 20; i += 1) {
      const binding = singles[Math.floor((i * singles.length) / 20)];
      await api.request('POST', '/api/v1/code-aggregations', { parentCode: binding.code, childCodes: [`CHECK-CASE-${i}`] }, 201);
      await api.request('POST', '/api/v1/code-aggregations', { parentCode: `CHECK-CASE-${i}`, childCodes: [`CHECK-ITEM-${i}-A`, `CHECK-ITEM-${i}-B`] }, 201);
      packedItems.push({ code: `CHECK-ITEM-${i}-A`, binding }, { code: `CHECK-ITEM-${i}-B`, binding });
    }

    const results = new Map<Kind, { sightings: number; matched: number; mismatches: string[] }>(
      KINDS.map((kind) => [kind, { sightings: 0, matched: 0, mismatches: [] }]),
    );
    const expectedByType = new Map<string, number>();
    for (let index = 0; index < count; index += 1) {
      const kind = KINDS[index % KINDS.length];
      let codes: string[] = [];
      let lot: string | undefined;
      let sku: string;
      let regionCode = pick(districts);
      let expectedTraces: SightingTrace[];
      const traced = (code: string, binding: Shipped, via: string[] = []): SightingTrace => ({
        code,
        ...verdictOf(traceCode(binding, binding.sku)),
        via,
      });
      if (kind === 'serial' || kind === 'home') {
        const binding = pick(singles);
        codes = [binding.code!];
        sku = binding.sku;
        expectedTraces = [traced(binding.code!, binding)];
        if (kind === 'home') regionCode = homeDistrictOf(binding.distributorCode) ?? regionCode;
      } else if (kind === 'range') {
        const range = pick(ranges);
        const number = range.from! + Math.floor(random() * (range.to! - range.from! + 1));
        const code = `SN${String(number).padStart(10, '0')}`;
        codes = [code];
        sku = range.sku;
        expectedTraces = [traced(code, range)];
      } else if (kind === 'packed') {
        const item = pick(packedItems);
        codes = [item.code];
        sku = item.binding.sku;
        expectedTraces = [traced(item.code, item.binding, [item.code.replace(/^CHECK-ITEM-(\d+)-.$/, 'CHECK-CASE-$1'), item.binding.code!])];
      } else if (kind === 'lot' || kind === 'shared-lot') {
        const [code, shipped] = pick(kind === 'lot' ? soleLots : sharedLots);
        lot = code;
        sku = shipped[0].sku;
        expectedTraces = [{ lot, ...verdictOf(traceLot(shipped, sku)), via: [] }];
      } else {
        codes = [`CHECK-FAKE-${index}`];
        sku = pick(world.products).sku;
        expectedTraces = [{ code: codes[0], ...verdictOf(traceCode(null, sku)), via: [] }];
      }
      const productLine = lineOf.get(sku)!;
      const ancestry = tree.ancestry(regionCode);
      const floor = applicableFloor(retailFloors, { sku, productLine, regionCode, channel: null, level: 'retail', date: day }, ancestry);
      // Around the floor: some under it, most above; home sightings are always above.
      const base = floor ? Number(floor.minUnitPrice) : 20;
      const observedPrice = formatDecimal((base * (kind === 'home' ? 1.3 : 0.7 + random() * 0.8)).toFixed(2));

      const expected: string[] = [];
      for (const candidate of sightingCandidates(expectedTraces)) {
        if (candidate.type === 'UNKNOWN_CODE') expected.push('UNKNOWN_CODE/active/-');
        if (candidate.type === 'BELOW_RETAIL_FLOOR' && floor && compareDecimal(observedPrice, floor.minUnitPrice) < 0) {
          expected.push(`BELOW_RETAIL_FLOOR/active/${candidate.offenderCode ?? '-'}`);
        }
        if (candidate.type === 'DIVERTED_GOODS') {
          const sale = { sku, productLine, channel: null, regionCode, date: day };
          // A sighting has no channel: a grant of any channel covers it.
          const covered = grants.some((grant) => grant.distributorCode === candidate.offenderCode && grantCovers({ ...grant, channel: null }, sale, ancestry));
          if (!covered) {
            const permitted = coveringPermits(permits, candidate.offenderCode!, sale, ancestry).length > 0;
            expected.push(`DIVERTED_GOODS/${permitted ? 'permitted' : 'active'}/${candidate.offenderCode}`);
          }
        }
      }
      for (const violation of expected) expectedByType.set(violation.replace(/\/[^/]*$/, ''), (expectedByType.get(violation.replace(/\/[^/]*$/, '')) ?? 0) + 1);
      const body = { observedAt, regionCode, sku, observedPrice, ...(codes.length > 0 ? { codes } : {}), ...(lot ? { lot } : {}) };
      const answer = await api.request<{ traces: SightingTrace[]; violations: Array<{ type: string; status: string; offenderCode: string | null }> }>(
        'POST',
        '/api/v1/sightings',
        body,
        201,
      );
      const got = answer.violations.map((violation) => `${violation.type}/${violation.status}/${violation.offenderCode ?? '-'}`).sort();
      const gotTraces = answer.traces.map((trace) => `${trace.outcome}/${trace.confidence}/${trace.distributorCode}/${trace.via.join('>')}`);
      const wantTraces = expectedTraces.map((trace) => `${trace.outcome}/${trace.confidence}/${trace.distributorCode}/${trace.via.join('>')}`);
      const result = results.get(kind)!;
      result.sightings += 1;
      if (JSON.stringify(got) === JSON.stringify(expected.sort()) && JSON.stringify(gotTraces) === JSON.stringify(wantTraces)) result.matched += 1;
      else result.mismatches.push(JSON.stringify({ body, expected, got, wantTraces, gotTraces }));
    }

    printTable(
      KINDS.map((kind) => {
        const result = results.get(kind)!;
        return { kind, sightings: result.sightings, matched: result.matched, mismatched: result.mismatches.length };
      }),
    );
    console.log(
      `\nexpected violations: ${[...expectedByType]
        .sort()
        .map(([type, n]) => `${type} ${n}`)
        .join(', ')}`,
    );
    const mismatches = [...results.values()].flatMap((result) => result.mismatches);
    recordFigures('sightings-check', [
      {
        figure: `sightings matching their ground truth (${lines} sales lines, seed ${seed})`,
        target: `all ${count}`,
        measured: `${count - mismatches.length} of ${count}`,
        met: mismatches.length === 0,
      },
    ]);
    console.log(mismatches.length === 0 ? '\nevery sighting gave the outcomes of its ground truth' : `\n${mismatches.length} MISMATCH(ES):`);
    for (const mismatch of mismatches.slice(0, 10)) console.log(mismatch);
    if (mismatches.length > 0) process.exitCode = 1;

    function homeDistrictOf(distributorCode: string): string | undefined {
      const mine = grants.filter((grant) => grant.distributorCode === distributorCode && grant.productLine === null && grant.validTo === null);
      const region = mine[0]?.regionCode;
      return region ? districts.find((district) => tree.ancestry(district).has(region)) : undefined;
    }
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const verdictOf = (verdict: ReturnType<typeof traceCode>) => ({
  outcome: verdict.outcome,
  confidence: verdict.confidence,
  distributorCode: verdict.distributorCode,
  shipmentRef: verdict.shipped?.shipmentRef ?? null,
  shippedAt: verdict.shipped?.shippedAt.toISOString() ?? null,
});

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
