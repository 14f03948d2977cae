/**
 * Loads a generated world into a running service through its public API:
 *   npx ts-node --transpile-only bench/world/load.ts --dir bench/out/world-42 --base-url http://localhost:3000 [--from shipments] [--concurrency 4]
 * Logs in as the development admin (ADMIN_EMAIL / ADMIN_PASSWORD when set).
 * --from resumes at a step after an earlier run loaded the ones before it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from '../lib/http';
import { parseArgs, runCli } from './cli';
import type { DistributorRow, World } from './types';
import { inParallel, postCsv } from './upload';

export const STEPS = ['regions', 'distributors', 'grants', 'products', 'floors', 'permits', 'shipments', 'sales'] as const;
export type Step = (typeof STEPS)[number];

export interface LoadProgress {
  step: Step;
  done: number;
  total: number;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Skip the steps before this one. */
  from?: Step;
  /** Requests in flight at once for per-item steps (distributors, grants, permits, sales reports). */
  concurrency?: number;
}

/** What an import answers (DESIGN §7); more fields may come. */
interface ImportResult {
  duplicate?: boolean;
  lines?: number;
  accepted?: number;
  violations?: Record<string, number>;
  /** Out-of-territory lines under a transfer permit, where the service reports them. */
  permitted?: number;
  incidentsOpened?: number;
  incidentsUpdated?: number;
}

export interface ImportTotals {
  files: number;
  duplicates: number;
  lines: number;
  accepted: number;
  violations: Record<string, number>;
  permitted: number;
  incidentsOpened: number;
  incidentsUpdated: number;
}

export interface LoadReport {
  seconds: Partial<Record<Step, number>>;
  shipments: ImportTotals;
  sales: ImportTotals;
}

const REGION_CHUNK = 50_000;
const ARRAY_CHUNK = 5_000;

export async function loadWorld(api: ApiClient, dir: string, options: LoadOptions = {}): Promise<LoadReport> {
  const world: World = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
  const concurrency = options.concurrency ?? 4;
  const totals = (): ImportTotals => ({
    files: 0,
    duplicates: 0,
    lines: 0,
    accepted: 0,
    violations: {},
    permitted: 0,
    incidentsOpened: 0,
    incidentsUpdated: 0,
  });
  const report: LoadReport = { seconds: {}, shipments: totals(), sales: totals() };
  const first = STEPS.indexOf(options.from ?? 'regions');
  if (first < 0) throw new Error(`unknown step ${options.from}; one of ${STEPS.join(', ')}`);
  for (const step of STEPS.slice(first)) {
    const started = performance.now();
    const progress = (done: number, total: number) => options.onProgress?.({ step, done, total });
    await STEP_WORK[step](api, dir, world, { concurrency, progress, report });
    report.seconds[step] = Number(((performance.now() - started) / 1000).toFixed(1));
  }
  return report;
}

interface StepContext {
  concurrency: number;
  progress: (done: number, total: number) => void;
  report: LoadReport;
}

const STEP_WORK: Record<Step, (api: ApiClient, dir: string, world: World, context: StepContext) => Promise<void>> = {
  regions: (api, _dir, world, { progress }) => inChunks(world.regions, REGION_CHUNK, progress, (chunk) => api.request('PUT', '/api/v1/regions', chunk)),
  distributors: async (api, _dir, world, { concurrency, progress }) => {
    let done = 0;
    // Parents before children: one generation at a time.
    for (const generation of generations(world.distributors)) {
      await inParallel(generation, concurrency, async (row) => {
        await api.request('POST', '/api/v1/distributors', row);
        progress(++done, world.distributors.length);
      });
    }
  },
  grants: async (api, _dir, world, { concurrency, progress }) => {
    const entries = Object.entries(world.grants).filter(([, grants]) => grants.length > 0);
    let done = 0;
    await inParallel(entries, concurrency, async ([code, grants]) => {
      await api.request('POST', `/api/v1/distributors/${encodeURIComponent(code)}/territories`, grants);
      progress(++done, entries.length);
    });
  },
  products: (api, _dir, world, { progress }) => inChunks(world.products, ARRAY_CHUNK, progress, (chunk) => api.request('POST', '/api/v1/products', chunk)),
  floors: (api, _dir, world, { progress }) => inChunks(world.floors, ARRAY_CHUNK, progress, (chunk) => api.request('POST', '/api/v1/price-floors', chunk)),
  permits: async (api, _dir, world, { concurrency, progress }) => {
    let done = 0;
    await inParallel(world.permits, concurrency, async ({ revoked, ...permit }) => {
      const created = await api.request<{ id: string }>('POST', '/api/v1/transfer-permits', permit);
      if (revoked) await api.request('POST', `/api/v1/transfer-permits/${created.id}/revoke`, { reason: 'Revoked by the world generator' });
      progress(++done, world.permits.length);
    });
  },
  shipments: async (api, dir, world, { progress, report }) => {
    // One file at a time, in order: sell-in precedes the sales that quote its lots and serials.
    for (const [i, file] of world.shipmentFiles.entries()) {
      tally(report.shipments, await postCsv<ImportResult>(api, '/api/v1/shipments/import', join(dir, file)));
      progress(i + 1, world.shipmentFiles.length);
    }
  },
  sales: async (api, dir, world, { concurrency, progress, report }) => {
    let done = 0;
    await inParallel(world.reports, concurrency, async (entry) => {
      const query = new URLSearchParams({ distributorCode: entry.distributorCode, reportRef: entry.reportRef });
      const result = await postCsv<ImportResult>(api, `/api/v1/sales-reports/import?${query}`, join(dir, entry.file));
      if (typeof result?.lines === 'number' && result.lines !== entry.lines) {
        throw new Error(`${entry.file}: the import counted ${result.lines} lines, the file has ${entry.lines}`);
      }
      tally(report.sales, result);
      progress(++done, world.reports.length);
    });
  },
};

async function inChunks<T>(items: readonly T[], size: number, progress: (done: number, total: number) => void, send: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await send(items.slice(start, start + size));
    progress(Math.min(items.length, start + size), items.length);
  }
}

/** Distributors grouped by how many parents they have above them. */
function generations(rows: readonly DistributorRow[]): DistributorRow[][] {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const depth = (row: DistributorRow): number => (row.parentCode && byCode.has(row.parentCode) ? 1 + depth(byCode.get(row.parentCode)!) : 0);
  const groups: DistributorRow[][] = [];
  for (const row of rows) (groups[depth(row)] ??= []).push(row);
  return groups.filter(Boolean);
}

function tally(imports: ImportTotals, result: ImportResult | undefined): void {
  imports.files += 1;
  if (!result) return;
  if (result.duplicate) imports.duplicates += 1;
  imports.lines += result.lines ?? 0;
  imports.accepted += result.accepted ?? 0;
  imports.permitted += result.permitted ?? 0;
  imports.incidentsOpened += result.incidentsOpened ?? 0;
  imports.incidentsUpdated += result.incidentsUpdated ?? 0;
  for (const [type, count] of Object.entries(result.violations ?? {})) imports.violations[type] = (imports.violations[type] ?? 0) + count;
}

if (require.main === module) {
  runCli(async () => {
    const args = parseArgs(process.argv.slice(2));
    const api = new ApiClient((args.baseUrl ?? 'http://localhost:3000').replace(/\/$/, ''));
    await api.login(process.env.ADMIN_EMAIL || undefined, process.env.ADMIN_PASSWORD || undefined);
    let last = '';
    const result = await loadWorld(api, args.dir ?? 'bench/out/world-42', {
      from: args.from as Step | undefined,
      concurrency: args.concurrency ? Number(args.concurrency) : undefined,
      onProgress: ({ step, done, total }) => {
        // One line per step, then one per tenth of the work.
        const mark = `${step} ${Math.floor((10 * done) / total)}`;
        if (mark !== last) console.error(`${step}: ${done}/${total}`);
        last = mark;
      },
    });
    console.log(JSON.stringify(result, null, 2));
  });
}
