import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export const ROOT = join(__dirname, '..', '..');

export interface RunningService {
  baseUrl: string;
  pid: number;
  /** The service's database, for the bench's own maintenance (VACUUM ANALYZE after a load) and counts. */
  databaseUrl: string;
  /** Everything the service has written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built service (dist/main.js, as `npm start` runs it) on its own
 * PostgreSQL: DATABASE_URL when set, else a fresh embedded cluster in a
 * temporary folder that the bench also connects to; on a free port unless given one.
 */
export async function startService(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<RunningService> {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  const folder = mkdtempSync(join(tmpdir(), 'ccm-bench-'));
  chmodSync(folder, 0o755);
  const database = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(join(folder, 'data'));
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: database.url, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
    const healthy = await fetch(`${baseUrl}/api/v1/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`the service did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    pid: child.pid!,
    databaseUrl: database.url,
    output: () => output,
    // Also after a Ctrl-C, which reaches the service and PostgreSQL as well: what has already stopped is not waited for.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      try {
        await database.stop();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Runs SQL against the service's database from the bench (maintenance, counts). */
export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CPU seconds (user + system) the processes have used so far, from /proc (Linux). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process has ended.
    }
  }
  return ticks / 100;
}

/** The PostgreSQL server processes on this machine (the bench's cluster, or the one DATABASE_URL names when it is local). */
export function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}
