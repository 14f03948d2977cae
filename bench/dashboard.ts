/**
 * The dashboard on years of data: a generated world, 10,000,000 sales lines
 * uploaded as ten monthly reports of ten distributors (each within its grants but
 * for 1.33% dumped where it holds none, half of those under the floor: ~200,000
 * violations),
 * incidents topped up to 20,000 across a year and every status; then each
 * dashboard endpoint asked one request at a time, with the filters a channel
 * manager uses, p50 / p95 / max of each.
 *   npm run bench:dashboard -- [--lines-per-report 1000000] [--reports 10] [--incidents 20000] [--requests 40]
 * Target: p95 <= 100 ms for every endpoint.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './lib/figures';
import { ApiClient, numberArgument, percentile, printTable, seededRandom } from './lib/http';
import { startService, withDatabase } from './lib/service';
import { generateWorld } from './world/generate';
import { distributorFloorCents } from './world/floors';
import { loadWorld } from './world/load';
import { postCsv } from './world/upload';
import { SALES_COLUMNS, type World } from './world/types';
import { DASHBOARD_SQL } from '../src/modules/dashboard/dashboard.sql';
import { PRICE_EROSION_SQL } from '../src/modules/dashboard/price-erosion.sql';

const LINES = numberArgument('lines-per-report', 1_000_000);
const REPORTS = numberArgument('reports', 10);
const INCIDENTS = numberArgument('incidents', 20_000);
const REQUESTS = numberArgument('requests', 40);
const TARGET_MS = 100;
/** Lines dumped where the reporter holds no grant; half of them also under the floor, so two violations each: ~200,000 in all. */
const DUMP_RATE = 0.0133;

/**
 * A distributor's month: lines inside its own grants (the grant's district, product line and channel) above
 * every floor, 1.33% dumped into districts none of its grants cover (half of them cheap).
 */
async function writeMonth(world: World, file: string, distributorCode: string, month: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const first = `2026-${String(month).padStart(2, '0')}-01`;
  const last = `2026-${String(month).padStart(2, '0')}-28`;
  const children = new Map<string, string[]>();
  for (const region of world.regions) if (region.parentCode) children.set(region.parentCode, [...(children.get(region.parentCode) ?? []), region.code]);
  const districtsUnder = (code: string): string[] => {
    const below = children.get(code) ?? [];
    return below.length === 0 ? [code] : below.flatMap(districtsUnder);
  };
  const grants = (world.grants[distributorCode] ?? [])
    .filter((grant) => grant.validFrom <= first && (!grant.validTo || grant.validTo >= last))
    .map((grant) => ({ grant, districts: districtsUnder(grant.regionCode) }));
  // Districts any of its grants covers for every line and channel: the dumped lines go elsewhere.
  const covered = new Set(
    (world.grants[distributorCode] ?? []).filter((grant) => !grant.productLine && !grant.channel).flatMap((grant) => districtsUnder(grant.regionCode)),
  );
  const away = world.regions.filter((region) => region.level === 'district' && !covered.has(region.code)).map((region) => region.code);
  const floorsOf = distributorFloorCents(world);
  const skus = world.products.map((product) => product.sku);
  const skusOf = new Map<string, string[]>();
  for (const product of world.products) skusOf.set(product.productLine, [...(skusOf.get(product.productLine) ?? []), product.sku]);
  const out = createWriteStream(file);
  out.write(`${SALES_COLUMNS.join(',')}\n`);
  let chunk = '';
  for (let lineNo = 1; lineNo <= LINES; lineNo += 1) {
    const dumped = grants.length === 0 || random() < DUMP_RATE;
    const home = dumped ? undefined : pick(grants);
    const sku = home?.grant.productLine ? pick(skusOf.get(home.grant.productLine)!) : pick(skus);
    const floors = floorsOf.get(sku)!;
    const cheap = dumped && random() < 0.5;
    const cents = cheap ? Math.floor(Math.min(...floors) * (0.5 + random() * 0.4)) : Math.ceil(Math.max(...floors) * (1.05 + random() * 0.35));
    const day = 1 + Math.floor(random() * 28);
    const region = home ? pick(home.districts) : pick(away);
    const channel = home?.grant.channel ?? '';
    chunk += `${lineNo},2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},${sku},${1 + Math.floor(random() * 40)},${(cents / 100).toFixed(2)},${channel},C${Math.floor(random() * 5000)},${region},,\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-dashboard-'));
  const service = await startService();
  try {
    await generateWorld({ seed: 42, lines: 10_000, out: join(dir, 'world') });
    const api = new ApiClient(service.baseUrl);
    await api.login();
    await loadWorld(api, join(dir, 'world'));
    const world: World = JSON.parse(readFileSync(join(dir, 'world', 'world.json'), 'utf8'));
    // Ten reporters that hold a grant all year, so that their lines at home are in territory.
    const agents = world.distributors
      .filter((distributor) => distributor.status === 'active')
      .filter((distributor) =>
        (world.grants[distributor.code] ?? []).some((grant) => grant.validFrom <= '2026-01-01' && (!grant.validTo || grant.validTo >= '2026-12-31')),
      )
      .slice(0, REPORTS);
    const loading = performance.now();
    for (let index = 0; index < agents.length; index += 1) {
      const file = join(dir, `month-${index}.csv`);
      await writeMonth(world, file, agents[index].code, 1 + (index % 12), 100 + index);
      await postCsv(api, `/api/v1/sales-reports/import?distributorCode=${agents[index].code}&reportRef=BENCH-${index}`, file);
      rmSync(file);
    }
    const loadSeconds = (performance.now() - loading) / 1000;
    // Incidents of a year's work: the ones detection opened, topped up across offenders, lines, provinces, months and states.
    await withDatabase(service.databaseUrl, async (client) => {
      const [{ id: adminId }] = (await client.query(`SELECT id FROM app_user WHERE role = 'admin' ORDER BY created_at LIMIT 1`)).rows;
      await client.query(
        `INSERT INTO incident (number, offender_code, product_line, destination_region_code, status, severity, assignee_id, units, value_at_floor,
                               price_erosion, region_codes, violation_count, first_seen_on, last_seen_on, opened_at, status_changed_at, resolved_at,
                               due_at, confirmed_units, confirmed_value, findings, confirmed_by, confirmed_at, dismissal_reason)
         SELECT 'INC-BENCH-' || n, d.code,
                -- At most one open incident per key: the open ones get a line of their own.
                CASE WHEN s.status IN ('open', 'investigating', 'confirmed') THEN p.product_line || '-' || n ELSE p.product_line END, r.code, s.status, (ARRAY['low', 'medium', 'high', 'critical'])[1 + n % 4],
                CASE WHEN s.status <> 'open' AND s.status <> 'dismissed' THEN $2::uuid END, n % 500, (n % 500) * 11.5, (n % 50) * 2.5,
                ARRAY[r.code], 1 + n % 9, DATE '2026-01-01' + n % 330, DATE '2026-01-01' + n % 330,
                TIMESTAMPTZ '2026-01-01' + (n % 330) * interval '1 day', TIMESTAMPTZ '2026-01-01' + (n % 330 + 3) * interval '1 day',
                CASE WHEN s.status IN ('resolved', 'closed') THEN TIMESTAMPTZ '2026-01-01' + (n % 330 + 9) * interval '1 day' END,
                CASE WHEN s.status IN ('open', 'investigating', 'confirmed') THEN TIMESTAMPTZ '2026-01-01' + (n % 330 + 2) * interval '1 day' END,
                CASE WHEN s.status IN ('confirmed', 'resolved', 'closed') THEN n % 500 END,
                CASE WHEN s.status IN ('confirmed', 'resolved', 'closed') THEN (n % 500) * 11.5 END,
                CASE WHEN s.status IN ('confirmed', 'resolved', 'closed') THEN 'bench' END,
                CASE WHEN s.status IN ('confirmed', 'resolved', 'closed') THEN $2::text END,
                CASE WHEN s.status IN ('confirmed', 'resolved', 'closed') THEN TIMESTAMPTZ '2026-01-01' + (n % 330 + 5) * interval '1 day' END,
                CASE WHEN s.status = 'dismissed' THEN 'bench' END
         FROM generate_series(1, greatest($1::int - (SELECT count(*) FROM incident)::int, 0)) AS n
         CROSS JOIN LATERAL (SELECT code FROM distributor ORDER BY code OFFSET n % (SELECT count(*) FROM distributor) LIMIT 1) d
         CROSS JOIN LATERAL (SELECT product_line FROM product ORDER BY sku OFFSET n % (SELECT count(*) FROM product) LIMIT 1) p
         CROSS JOIN LATERAL (SELECT code FROM region WHERE level = 'province' ORDER BY code OFFSET n % (SELECT count(*) FROM region WHERE level = 'province') LIMIT 1) r
         CROSS JOIN LATERAL (SELECT (ARRAY['resolved', 'closed', 'closed', 'dismissed', 'open', 'investigating', 'confirmed'])[1 + n % 7] AS status) s`,
        [INCIDENTS, adminId],
      );
      await client.query('VACUUM ANALYZE');
    });
    const counts = await withDatabase(
      service.databaseUrl,
      async (client) =>
        (
          await client.query(`SELECT (SELECT count(*) FROM sales_line)::int AS lines, (SELECT count(*) FROM violation)::int AS violations,
                                   (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM violation_daily)::int AS daily_rows,
                                   (SELECT count(*) FROM price_monthly)::int AS price_rows`)
        ).rows[0],
    );
    console.log(
      `loaded ${counts.lines} sales lines (${loadSeconds.toFixed(0)} s), ${counts.violations} violations, ${counts.incidents} incidents; ` +
        `violation_daily ${counts.daily_rows} rows, price_monthly ${counts.price_rows} rows`,
    );

    const province = world.regions.find((region) => region.level === 'province')!.code;
    const district = world.regions.find((region) => region.level === 'district' && region.code.startsWith(province.slice(0, 2)))!.code;
    const line = world.products[0].productLine;
    const year = 'from=2026-01-01&to=2026-12-31';
    const endpoints = [
      `/api/v1/dashboard/summary`,
      `/api/v1/dashboard/summary?${year}`,
      `/api/v1/dashboard/summary?${year}&region=${province}`,
      `/api/v1/dashboard/summary?${year}&region=${district}`,
      `/api/v1/dashboard/flows?${year}`,
      `/api/v1/dashboard/flows?${year}&productLine=${encodeURIComponent(line)}`,
      `/api/v1/dashboard/weekly?${year}`,
      `/api/v1/dashboard/offenders`,
      `/api/v1/dashboard/price-erosion?${year}`,
      `/api/v1/dashboard/price-erosion?${year}&region=${province}&productLine=${encodeURIComponent(line)}`,
      // Not whole years: the last twelve months, and a quarter.
      `/api/v1/dashboard/price-erosion?from=2025-12-01&to=2026-11-30`,
      `/api/v1/dashboard/price-erosion?from=2026-04-01&to=2026-06-30`,
      `/api/v1/dashboard/reconciliation?from=2026-01&to=2026-12`,
    ];
    const table: Array<Record<string, string>> = [];
    for (const path of endpoints) {
      for (let i = 0; i < 5; i += 1) await api.request('GET', path);
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        await api.request('GET', path);
        latencies.push(performance.now() - started);
      }
      const p95 = percentile(latencies, 95);
      table.push({
        endpoint: path.replace('/api/v1/dashboard/', ''),
        'p50 ms': percentile(latencies, 50).toFixed(1),
        'p95 ms': p95.toFixed(1),
        'max ms': Math.max(...latencies).toFixed(1),
        target: `<= ${TARGET_MS}`,
        met: p95 <= TARGET_MS ? 'yes' : 'NO',
      });
    }
    console.log(`${REQUESTS} requests each, one at a time, after 5 not counted`);
    printTable(table);
    // BENCH_EXPLAIN=1: the plans of the statements behind the slower answers, for whoever tunes them.
    if (process.env.BENCH_EXPLAIN) {
      const statements: Array<[string, string, unknown[]]> = [
        ...Object.entries(DASHBOARD_SQL.by_province)
          .filter(([, text]) => typeof text === 'string')
          .map(
            ([name, text]) =>
              [`${name} (province)`, text as string, ['2026-01-01', '2026-12-31', province, null, 'Asia/Shanghai']] as [string, string, unknown[]],
          ),
        ['price-erosion sales (country)', PRICE_EROSION_SQL.sales, ['2026-01-01', '2026-12-01', null, null]],
        ['price-erosion observed (country)', PRICE_EROSION_SQL.observed, ['2026-01-01', '2026-12-01', null, null]],
        ['price-erosion floors (country)', PRICE_EROSION_SQL.floors, [null, null, '2026-12-31']],
      ];
      await withDatabase(service.databaseUrl, async (client) => {
        for (const [name, text, parameters] of statements) {
          const plan = (await client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${text}`, parameters)).rows.map((row) => row['QUERY PLAN'] as string);
          console.log(`--- ${name}: ${plan[plan.length - 1]}\n${plan.slice(0, 40).join('\n')}`);
        }
      });
    }
    recordFigures('dashboard', [
      {
        figure: `${agents.length} reports of ${LINES} lines uploaded (in all ${counts.lines} lines, ${counts.violations} violations, ${counts.incidents} incidents)`,
        target: '',
        measured: `${loadSeconds.toFixed(1)} s`,
      },
      ...table.map((row) => ({
        figure: `${row.endpoint}: p95`,
        target: `${row.target} ms`,
        measured: `${row['p95 ms']} ms (p50 ${row['p50 ms']}, max ${row['max ms']})`,
        met: row.met === 'yes',
      })),
    ]);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
