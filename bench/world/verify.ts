/**
 * Compares the violations a loaded service recorded for sales lines with the
 * world's ground truth, by (offender, report, line, type):
 *   npx ts-node --transpile-only bench/world/verify.ts --dir bench/out/world-42 --base-url http://localhost:3000
 * Exits non-zero unless they agree exactly (status, victims, floor price).
 */
import { join } from 'node:path';
import { compareDecimal } from '../../src/common/money/money';
import { ApiClient } from '../lib/http';
import { parseArgs, runCli } from './cli';
import { readCsvObjects } from './csv';

/** The fields of a violation (DESIGN §7) the comparison reads. */
interface ViolationItem {
  id: string;
  type: string;
  status: string;
  offenderCode: string | null;
  victimCodes: string[];
  floorPrice: string | null;
  source: { kind: string; id: string; reportRef?: string; lineNo?: number };
}

interface Found {
  key: string;
  status: string;
  victims: string[];
  floorPrice: string | null;
}

export interface Discrepancies {
  count: number;
  examples: string[];
}

export interface VerifyResult {
  ok: boolean;
  expected: number;
  recorded: number;
  matched: number;
  missing: Discrepancies;
  extra: Discrepancies;
  statusMismatches: Discrepancies;
  victimMismatches: Discrepancies;
  floorPriceMismatches: Discrepancies;
}

const EXAMPLES = 20;

export async function verifyAgainstGroundTruth(api: ApiClient, dir: string): Promise<VerifyResult> {
  const expected = new Map<string, Found>();
  for (const row of await readCsvObjects(join(dir, 'ground-truth.csv'))) {
    const key = keyOf(row.distributor_code, row.report_ref, Number(row.line_no), row.type);
    expected.set(key, { key, status: row.status, victims: row.victims ? row.victims.split('|') : [], floorPrice: row.floor_price || null });
  }
  const recorded = await recordedViolations(api);
  const result: VerifyResult = {
    ok: false,
    expected: expected.size,
    recorded: recorded.length,
    matched: 0,
    missing: none(),
    extra: none(),
    statusMismatches: none(),
    victimMismatches: none(),
    floorPriceMismatches: none(),
  };
  const seen = new Set<string>();
  for (const found of recorded) {
    const want = expected.get(found.key);
    if (!want || seen.has(found.key)) {
      note(result.extra, `${found.key}${want ? ' (recorded twice)' : ''} ${found.status}`);
      continue;
    }
    seen.add(found.key);
    compare(result, want, found);
  }
  for (const want of expected.values()) if (!seen.has(want.key)) note(result.missing, `${want.key} ${want.status}`);
  const discrepancies = [result.missing, result.extra, result.statusMismatches, result.victimMismatches, result.floorPriceMismatches];
  result.ok = discrepancies.every((kind) => kind.count === 0);
  return result;
}

function compare(result: VerifyResult, want: Found, found: Found): void {
  let same = true;
  if (want.status !== found.status) {
    note(result.statusMismatches, `${want.key}: expected ${want.status}, recorded ${found.status}`);
    same = false;
  }
  // Victims are part of the truth for territory violations, the floor for price violations.
  if (want.key.endsWith('OUT_OF_TERRITORY') && want.victims.join('|') !== found.victims.join('|')) {
    note(result.victimMismatches, `${want.key}: expected [${want.victims}], recorded [${found.victims}]`);
    same = false;
  }
  if (want.key.endsWith('BELOW_FLOOR') && !sameDecimal(want.floorPrice, found.floorPrice)) {
    note(result.floorPriceMismatches, `${want.key}: expected ${want.floorPrice}, recorded ${found.floorPrice}`);
    same = false;
  }
  if (same) result.matched += 1;
}

/** Every violation whose source is a sales line, page by page. */
async function recordedViolations(api: ApiClient): Promise<Found[]> {
  const found: Found[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const page: { items: ViolationItem[]; nextCursor: string | null } = await api.request('GET', `/api/v1/violations?${query}`);
    for (const item of page.items) {
      if (item.source?.kind !== 'sales_line') continue;
      found.push({
        key: keyOf(item.offenderCode ?? '', item.source.reportRef ?? '', Number(item.source.lineNo), item.type),
        status: item.status,
        victims: [...(item.victimCodes ?? [])].sort(),
        floorPrice: item.floorPrice ?? null,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

const keyOf = (offender: string, reportRef: string, lineNo: number, type: string) => `${offender}/${reportRef}/${lineNo}/${type}`;
const none = (): Discrepancies => ({ count: 0, examples: [] });

function note(kind: Discrepancies, example: string): void {
  kind.count += 1;
  if (kind.examples.length < EXAMPLES) kind.examples.push(example);
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  try {
    return compareDecimal(a, b) === 0;
  } catch {
    // Not a decimal at all: a mismatch, reported with both values.
    return false;
  }
}

if (require.main === module) {
  runCli(async () => {
    const args = parseArgs(process.argv.slice(2));
    const api = new ApiClient((args.baseUrl ?? 'http://localhost:3000').replace(/\/$/, ''));
    await api.login(process.env.ADMIN_EMAIL || undefined, process.env.ADMIN_PASSWORD || undefined);
    const result = await verifyAgainstGroundTruth(api, args.dir ?? 'bench/out/world-42');
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  });
}
