/**
 * A 1,000,000-line sales report uploaded over HTTP into a loaded world, end to
 * end (streamed, checked, stored, detected, grouped), against a bare COPY of
 * the same file into an unindexed table on the same PostgreSQL; the service's
 * peak memory; and, for the record, one ORM save per line on 10,000 lines.
 *   npm run bench:ingest -- [--lines 1000000] [--rounds 3]
 * Targets: ingest rate >= 0.35 x bare COPY rate; peak service RSS < 300 MB.
 */
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { recordFigures } from './lib/figures';
import { ApiClient, numberArgument, printTable, seededRandom } from './lib/http';
import { ROOT, startService, withDatabase } from './lib/service';
import { generateWorld } from './world/generate';
import { distributorFloorCents } from './world/floors';
import { loadWorld } from './world/load';
import { SALES_COLUMNS, type World } from './world/types';

const HEADER = SALES_COLUMNS.join(',');
const CHANNELS = ['', 'modern_trade', 'traditional', 'ecommerce'];

/**
 * The Zhejiang agent's month: most lines at home above every floor of their
 * SKU; 4% dumped into Jiangxi and Fujian (half of them cheap); 2% of the home
 * lines cheap — about 8% of the lines breach something, as in a bad month.
 */
async function writeReport(world: World, file: string, lines: number): Promise<void> {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const under = (province: string) =>
    world.regions.filter((region) => region.level === 'district' && region.code.startsWith(province.slice(0, 2))).map((region) => region.code);
  const home = under('330000');
  const away = [...under('360000'), ...under('350000')];
  // Each SKU's lowest and highest distributor floor (in cents), wherever and whenever it applies.
  const floorsOf = distributorFloorCents(world);
  const skus = world.products.map((product) => product.sku);
  const out = createWriteStream(file);
  out.write(`${HEADER}\n`);
  let chunk = '';
  for (let lineNo = 1; lineNo <= lines; lineNo += 1) {
    const sku = pick(skus);
    const floors = floorsOf.get(sku)!;
    const dumped = random() < 0.04;
    const cheap = dumped ? random() < 0.5 : random() < 0.02;
    const cents = cheap ? Math.floor(Math.min(...floors) * (0.5 + random() * 0.4)) : Math.ceil(Math.max(...floors) * (1.05 + random() * 0.35));
    const day = 1 + Math.floor(random() * 30);
    chunk += `${lineNo},2026-06-${String(day).padStart(2, '0')},${sku},${1 + Math.floor(random() * 40)},${(cents / 100).toFixed(2)},${pick(CHANNELS)},C${Math.floor(random() * 5000)},${pick(dumped ? away : home)},,\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Peak resident memory of a process, from /proc (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function bareCopy(databaseUrl: string, file: string): Promise<number> {
  return withDatabase(databaseUrl, async (client) => {
    await client.query(`DROP TABLE IF EXISTS bare_copy`);
    await client.query(`CREATE TABLE bare_copy (line_no int, sale_date date, sku text, quantity int, unit_price numeric(18,4), channel text,
                          customer_ref text, ship_to_region_code text, lot text, serial text)`);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const seconds = (performance.now() - started) / 1000;
    await client.query(`DROP TABLE bare_copy`);
    return seconds;
  });
}

@Entity('orm_line_bench')
class OrmLine {
  @PrimaryGeneratedColumn()
  id!: number;
  @Column({ type: 'int', name: 'line_no' }) lineNo!: number;
  @Column({ type: 'date', name: 'sale_date' }) saleDate!: string;
  @Column({ type: 'text' }) sku!: string;
  @Column({ type: 'int' }) quantity!: number;
  @Column({ type: 'numeric', name: 'unit_price' }) unitPrice!: string;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ type: 'text', name: 'ship_to_region_code' }) shipToRegionCode!: string;
}

async function ormPerLine(databaseUrl: string, file: string, count: number): Promise<number> {
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl, entities: [OrmLine], synchronize: false }).initialize();
  try {
    await dataSource.query(`CREATE TABLE IF NOT EXISTS orm_line_bench (id serial PRIMARY KEY, line_no int, sale_date date, sku text, quantity int,
                              unit_price numeric, channel text, ship_to_region_code text)`);
    const rows = readFileSync(file, 'utf8')
      .split('\n', count + 1)
      .slice(1);
    const repository = dataSource.getRepository(OrmLine);
    const started = performance.now();
    for (const row of rows) {
      const [lineNo, saleDate, sku, quantity, unitPrice, channel, , region] = row.split(',');
      await repository.save(
        repository.create({ lineNo: Number(lineNo), saleDate, sku, quantity: Number(quantity), unitPrice, channel: channel || null, shipToRegionCode: region }),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await dataSource.query(`DROP TABLE orm_line_bench`);
    return seconds;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const lines = numberArgument('lines', 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-ingest-'));
  const service = await startService({ LOG_LEVEL: 'debug' });
  try {
    // A loaded world: reference data, sell-in and 100,000 lines of earlier reports.
    await generateWorld({ seed: 42, lines: 100_000, out: join(dir, 'world') });
    const api = new ApiClient(service.baseUrl);
    await api.login();
    await loadWorld(api, join(dir, 'world'));
    const world: World = JSON.parse(readFileSync(join(dir, 'world', 'world.json'), 'utf8'));
    const file = join(dir, 'zj-ga-2026-06.csv');
    await writeReport(world, file, lines);
    const megabytes = statSync(file).size / 1024 / 1024;
    await withDatabase(service.databaseUrl, (client) => client.query('VACUUM ANALYZE'));

    // Rounds alternate a bare COPY and an upload of the same file as a new report (the world grows by a report each
    // round); the medians make the ratio, as this kind of machine is noisy.
    const rounds = numberArgument('rounds', 3);
    const ingestTimes: number[] = [];
    const copyTimes: number[] = [];
    let result: Record<string, unknown> = {};
    for (let round = 1; round <= rounds; round += 1) {
      copyTimes.push(await bareCopy(service.databaseUrl, file));
      const ref = `ZJ-2026-06-BENCH-${round}`;
      const started = performance.now();
      const response = await fetch(`${service.baseUrl}/api/v1/sales-reports/import?distributorCode=ZJ-GA&reportRef=${ref}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.bearer}`, 'content-type': 'text/csv' },
        body: Readable.toWeb(createReadStream(file)) as never,
        duplex: 'half',
      } as RequestInit);
      result = (await response.json()) as Record<string, unknown>;
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== 201) throw new Error(`the import answered ${response.status}: ${JSON.stringify(result).slice(0, 500)}`);
      ingestTimes.push(seconds);
      console.log(`\nround ${round}: bare COPY ${copyTimes.at(-1)!.toFixed(2)} s, upload ${seconds.toFixed(2)} s: ${JSON.stringify(result)}`);
      // The service's own account of the import's steps (debug log).
      for (const line of service
        .output()
        .split('\n')
        .filter((text) => text.includes(ref))) {
        console.log(`  ${/"msg":"([^"]*)"/.exec(line)?.[1] ?? line}`);
      }
    }
    const peak = peakRssMb(service.pid);
    console.log('');

    const ingestSeconds = median(ingestTimes);
    const copySeconds = median(copyTimes);
    const ormLines = 10_000;
    const ormSeconds = await ormPerLine(service.databaseUrl, file, ormLines);
    const ingestRate = lines / ingestSeconds;
    const copyRate = lines / copySeconds;
    const ratio = (ingestRate / copyRate).toFixed(2);
    const peakMb = peak.toFixed(0);
    const rows = [
      {
        figure: `sales CSV over HTTP, end to end (median of ${rounds})`,
        lines,
        MB: megabytes.toFixed(1),
        seconds: ingestSeconds.toFixed(2),
        'lines/s': Math.round(ingestRate),
        target: '',
        measured: '',
      },
      {
        figure: `bare COPY, same file, unindexed table (median of ${rounds})`,
        lines,
        MB: megabytes.toFixed(1),
        seconds: copySeconds.toFixed(2),
        'lines/s': Math.round(copyRate),
        target: '',
        measured: '',
      },
      { figure: 'ingest / bare COPY', lines: '', MB: '', seconds: '', 'lines/s': '', target: '>= 0.35', measured: ratio },
      { figure: 'peak service RSS (VmHWM)', lines: '', MB: '', seconds: '', 'lines/s': '', target: '< 300 MB', measured: `${peakMb} MB` },
      {
        figure: 'one ORM save per line (for the record)',
        lines: ormLines,
        MB: '',
        seconds: ormSeconds.toFixed(2),
        'lines/s': Math.round(ormLines / ormSeconds),
        target: '',
        measured: '',
      },
    ];
    printTable(rows);
    recordFigures('ingest', [
      {
        figure: `sales CSV over HTTP / bare COPY (${lines} lines, median of ${rounds})`,
        target: '>= 0.35',
        measured: `upload ${ingestSeconds.toFixed(2)} s, bare COPY ${copySeconds.toFixed(2)} s`,
        ratio,
        met: Number(ratio) >= 0.35,
      },
      { figure: 'peak service RSS (VmHWM)', target: '< 300 MB', measured: `${peakMb} MB`, met: Number(peakMb) < 300 },
      { figure: `one ORM save per line (${ormLines} lines)`, target: '', measured: `${ormSeconds.toFixed(2)} s, ${Math.round(ormLines / ormSeconds)} lines/s` },
    ]);
    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'out', 'ingest.json'),
      JSON.stringify({ at: new Date().toISOString(), lines, ingestTimes, copyTimes, result, rows }, null, 2),
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
