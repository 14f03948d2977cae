/**
 * Field sightings over HTTP at a sustained rate, against a world whose goods
 * carry 10,000,000 serials bound through ranges and 1,000,000 single serials:
 *   npm run bench:sightings -- [--rate 200 | --rate 100,150,200] [--seconds 60] [--ranges 1000] [--singles 1000000] [--shipments-per-file 100]
 * Each sighting scans one to three codes (range codes, single serials, a case
 * of them, codes never shipped) or none, somewhere in China at some price: it
 * is traced, detected and grouped before its answer. Requests are sent on a
 * fixed schedule (open loop): a slow answer does not slow the ones after it,
 * over kept-alive connections, after five seconds at the rate that are not
 * counted (the service's pool opens the connections the rate needs). Prints
 * latency, errors, and CPU per sighting of the service, PostgreSQL and the
 * bench itself, all on this machine. Target: p99 <= 25 ms, no errors.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures } from './lib/figures';
import { ApiClient, JsonPoster, numberArgument, percentile, printTable, seededRandom } from './lib/http';
import { cpuSeconds, postgresPids, startService, withDatabase } from './lib/service';
import { generateWorld } from './world/generate';
import { loadWorld } from './world/load';
import { postCsv } from './world/upload';
import type { World } from './world/types';

const SHIPMENT_HEADER = 'shipment_ref,distributor_code,shipped_at,line_no,sku,quantity,unit_price,lot,serial,serial_from,serial_to';
const RANGE_SIZE = 10_000;
const SINGLES_PER_LINE = 1_000;
/** 200 sightings a second for a minute, each answered within 25 ms at the 99th percentile. */
const TARGET = { rate: 200, seconds: 60, p99Ms: 25 };
/** Shipments of 1,000 single serials per CSV file (100,000 rows unless set). */
const SHIPMENTS_PER_FILE = numberArgument('shipments-per-file', 100);

interface Bound {
  /** A code of the block, by position. */
  code: (position: number) => string;
  size: number;
  sku: string;
}

/** Ranges of 10,000 codes and lines of 1,000 single serials, spread over the distributors; written as shipment CSV files. */
async function writeShipments(world: World, dir: string, ranges: number, singles: number): Promise<{ files: string[]; blocks: Bound[] }> {
  const random = seededRandom(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const blocks: Bound[] = [];
  const files: string[] = [];
  const write = async (name: string, rows: (out: (row: string) => void) => void) => {
    const file = join(dir, name);
    const out = createWriteStream(file);
    out.write(`${SHIPMENT_HEADER}\n`);
    let chunk = '';
    rows((row) => {
      chunk += `${row}\n`;
      if (chunk.length > 1 << 20) {
        out.write(chunk);
        chunk = '';
      }
    });
    out.end(chunk);
    await new Promise<void>((resolve) => out.once('finish', () => resolve()));
    files.push(file);
  };
  await write('ranges.csv', (out) => {
    for (let i = 0; i < ranges; i += 1) {
      const distributor = world.distributors[i % world.distributors.length].code;
      const sku = pick(world.products).sku;
      const prefix = `BR${String(i).padStart(4, '0')}-`;
      out(`BENCH-R-${i},${distributor},2026-03-01T08:00:00Z,1,${sku},${RANGE_SIZE},9.00,,,${prefix}0000001,${prefix}${String(RANGE_SIZE).padStart(7, '0')}`);
      blocks.push({ code: (position) => `${prefix}${String(position + 1).padStart(7, '0')}`, size: RANGE_SIZE, sku });
    }
  });
  // Single serials: one shipment line (a row) per code, 1,000 of them per shipment of a distributor.
  const lines = Math.ceil(singles / SINGLES_PER_LINE);
  for (let file = 0; file * SHIPMENTS_PER_FILE < lines; file += 1) {
    await write(`singles-${file}.csv`, (out) => {
      for (let line = file * SHIPMENTS_PER_FILE; line < Math.min(lines, (file + 1) * SHIPMENTS_PER_FILE); line += 1) {
        const distributor = world.distributors[line % world.distributors.length].code;
        const sku = pick(world.products).sku;
        const first = line * SINGLES_PER_LINE;
        for (let n = 0; n < SINGLES_PER_LINE; n += 1) {
          out(`BENCH-S-${line},${distributor},2026-03-02T08:00:00Z,${n + 1},${sku},1,9.00,,BS${String(first + n).padStart(8, '0')},,`);
        }
        blocks.push({ code: (position) => `BS${String(first + position).padStart(8, '0')}`, size: SINGLES_PER_LINE, sku });
      }
    });
  }
  return { files, blocks };
}

/** A sighting a rep might send: codes of one shipped block (or never shipped, or none), a district, a price. */
function sightingMaker(world: World, blocks: Bound[]) {
  const random = seededRandom(23);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const districts = world.regions.filter((region) => region.level === 'district').map((region) => region.code);
  return (index: number) => {
    const kind = random();
    const block = pick(blocks);
    const count = 1 + Math.floor(random() * 3);
    const codes = kind < 0.85 ? Array.from({ length: count }, () => block.code(Math.floor(random() * block.size))) : kind < 0.93 ? [`FAKE-${index}`] : [];
    return {
      observedAt: new Date(Date.now() - Math.floor(random() * 3_600_000)).toISOString(),
      regionCode: pick(districts),
      sku: kind < 0.85 ? block.sku : pick(world.products).sku,
      observedPrice: (5 + random() * 40).toFixed(2),
      ...(codes.length > 0 ? { codes } : {}),
      storeName: `Store ${index % 500}`,
    };
  };
}

/** Sends `count` requests on a fixed schedule (open loop): request i leaves at start + i / rate seconds. */
async function sendAtRate<T>(send: (index: number) => Promise<T>, rate: number, count: number, firstIndex: number): Promise<Array<T & { at: number }>> {
  const results: Array<Promise<T & { at: number }>> = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    results.push(send(firstIndex + i).then((result) => ({ ...result, at: due - start })));
  }
  return Promise.all(results);
}

async function main(): Promise<void> {
  // One or more rates, comma-separated (--rate 100,200): each is measured on the same world, in turn.
  const rates = (process.argv.includes('--rate') ? process.argv[process.argv.indexOf('--rate') + 1] : '200').split(',').map(Number);
  const seconds = numberArgument('seconds', 60);
  const ranges = numberArgument('ranges', 1_000);
  const singles = numberArgument('singles', 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-sightings-'));
  const service = await startService(process.env.BENCH_DEBUG ? { LOG_LEVEL: 'debug' } : {});
  try {
    await generateWorld({ seed: 42, lines: 10_000, out: join(dir, 'world') });
    const api = new ApiClient(service.baseUrl);
    await api.login();
    await loadWorld(api, join(dir, 'world'));
    const world: World = JSON.parse(readFileSync(join(dir, 'world', 'world.json'), 'utf8'));
    const loading = performance.now();
    const { files, blocks } = await writeShipments(world, dir, ranges, singles);
    for (const file of files) await postCsv(api, '/api/v1/shipments/import', file);
    const bindSeconds = (performance.now() - loading) / 1000;
    await withDatabase(service.databaseUrl, (client) => client.query('VACUUM ANALYZE'));
    const [{ bound, rows }] = await withDatabase(
      service.databaseUrl,
      async (client) => (await client.query(`SELECT sum(last_number - first_number + 1)::bigint AS bound, count(*)::int AS rows FROM code_binding`)).rows,
    );
    console.log(`bound ${bound} codes in ${rows} code_binding rows (${bindSeconds.toFixed(1)} s through POST /shipments/import)`);

    await api.request('POST', '/api/v1/users', { email: 'bench-rep@example.com', password: 'bench-rep-password', role: 'field_rep' });
    const rep = new ApiClient(service.baseUrl);
    await rep.login('bench-rep@example.com', 'bench-rep-password');
    const next = sightingMaker(world, blocks);
    const poster = new JsonPoster(service.baseUrl);
    const send = async (index: number) => {
      const started = performance.now();
      const body = next(index);
      const post = () => poster.post('/api/v1/sightings', { authorization: `Bearer ${rep.bearer}`, 'idempotency-key': `bench-${index}` }, body);
      // A kept-alive connection the service closed as it was reused fails before any answer: a phone sends again under
      // the same Idempotency-Key, and so does the bench (counted as resent, its latency included).
      let resent = false;
      const response = await post().catch(() => {
        resent = true;
        return post().catch(() => ({ status: 0, body: '' }));
      });
      const ms = performance.now() - started;
      const answer = (response.status === 201 ? JSON.parse(response.body) : {}) as { violations?: unknown[] };
      return { ms, ok: response.status === 201, violations: answer.violations?.length ?? 0, status: response.status, resent };
    };
    // A short warm-up, one at a time.
    const warm: number[] = [];
    for (let i = 0; i < 100; i += 1) warm.push((await send(-1 - i)).ms);
    console.log(`one at a time: p50 ${percentile(warm, 50).toFixed(1)} ms, p99 ${percentile(warm, 99).toFixed(1)} ms`);
    if (process.env.BENCH_DEBUG) {
      const lines = service
        .output()
        .split('\n')
        .filter((line) => /sighting|grouping/.test(line))
        .slice(-6);
      console.log(lines.map((line) => /"msg":"([^"]*)"/.exec(line)?.[1] ?? line).join('\n'));
    }
    const table: Array<Record<string, string>> = [];
    let firstIndex = 0;
    for (const rate of rates) {
      // Five seconds at the rate, not counted: the pool opens the connections the rate needs and each warms up.
      await sendAtRate(send, rate, rate * 5, 1_000_000 + firstIndex);
      const total = rate * seconds;
      const before = { service: cpuSeconds([service.pid]), postgres: cpuSeconds(postgresPids()), bench: process.cpuUsage() };
      const start = performance.now();
      const done = await sendAtRate(send, rate, total, firstIndex);
      const elapsed = (performance.now() - start) / 1000;
      firstIndex += total;
      const benchCpu = process.cpuUsage(before.bench);
      const perSighting = (cpu: number) => ((cpu * 1000) / total).toFixed(2);
      const latencies = done.map((result) => result.ms);
      const errors = done.filter((result) => !result.ok);
      table.push({
        'rate (/s)': String(rate),
        sent: String(total),
        'achieved (/s)': (total / elapsed).toFixed(1),
        'p50 ms': percentile(latencies, 50).toFixed(1),
        'p95 ms': percentile(latencies, 95).toFixed(1),
        'p99 ms': percentile(latencies, 99).toFixed(1),
        'max ms': Math.max(...latencies).toFixed(1),
        resent: String(done.filter((result) => result.resent).length),
        errors: errors.length > 0 ? `${errors.length} (${[...new Set(errors.map((error) => error.status))].join(', ')})` : '0',
        violations: String(done.reduce((sum, result) => sum + result.violations, 0)),
        'CPU ms/sighting service': perSighting(cpuSeconds([service.pid]) - before.service),
        PostgreSQL: perSighting(cpuSeconds(postgresPids()) - before.postgres),
        bench: perSighting((benchCpu.user + benchCpu.system) / 1e6),
      });
      if (process.env.BENCH_TRACE) {
        writeFileSync(`${process.env.BENCH_TRACE}-${rate}.tsv`, done.map((result) => `${result.at.toFixed(0)}\t${result.ms.toFixed(1)}`).join('\n'));
      }
    }
    poster.close();
    console.log(`${seconds} s at each rate after 5 s of warm-up; target p99 <= ${TARGET.p99Ms} ms, no errors`);
    printTable(table);
    recordFigures(
      'sightings',
      table.map((row) => {
        // The target is a sustained load: a slower or shorter run is kept for the record, not judged.
        const judged = Number(row['rate (/s)']) >= TARGET.rate && seconds >= TARGET.seconds;
        return {
          figure: `sightings at ${row['rate (/s)']}/s for ${seconds} s: p99, errors`,
          target: judged ? `p99 <= ${TARGET.p99Ms} ms, no errors` : '',
          measured: `p99 ${row['p99 ms']} ms (p50 ${row['p50 ms']}, achieved ${row['achieved (/s)']}/s), errors ${row.errors}`,
          ...(judged ? { met: Number(row['p99 ms']) <= TARGET.p99Ms && row.errors === '0' } : {}),
        };
      }),
    );
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
