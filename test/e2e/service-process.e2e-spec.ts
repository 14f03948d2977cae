import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_DEFAULTS } from '../../src/config/environment';
import { freePort, ServiceProcess } from '../support/service-process';

/** PostgreSQL processes serving a given data folder (read from /proc: no procps needed). */
function postgresProcessesFor(dataDir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return command.includes('postgres') && command.includes(`-D ${dataDir}`) ? [`${pid} ${command}`] : [];
      } catch {
        return [];
      }
    });
}

describe('The service process with its embedded PostgreSQL (e2e)', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'ccm-service-'));
    chmodSync(folder, 0o755);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('starts on a fresh data folder, prints the development login, stops cleanly on SIGINT and keeps its data for the next start', async () => {
    const dataDir = join(folder, 'data');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info' };

    const first = new ServiceProcess(env).start();
    await first.waitForHealth(port);
    expect(first.output).toContain(`admin login ${DEVELOPMENT_DEFAULTS.ADMIN_EMAIL} / ${DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD}`);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ email: 'kept@example.com', password: 'long-enough-1', role: 'field_rep' }),
    });
    expect(created.status).toBe(201);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    first.signal('SIGINT');
    expect(await first.waitForExit()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = new ServiceProcess(env).start();
    await second.waitForHealth(port);
    const relogin = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kept@example.com', password: 'long-enough-1' }),
    });
    expect(relogin.status).toBe(200);
    expect(second.output).not.toContain('No users yet');

    second.signal('SIGTERM');
    expect(await second.waitForExit()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('refuses to start in production without its secrets, naming each', async () => {
    const service = new ServiceProcess({
      NODE_ENV: 'production',
      DATA_DIR: join(folder, 'prod'),
      PORT: String(await freePort()),
      JWT_SECRET: '',
      ADMIN_PASSWORD: '',
      ADMIN_EMAIL: '',
    }).start();
    expect(await service.waitForExit()).toBe(1);
    expect(service.output).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(service.output).toContain('ADMIN_PASSWORD is required when NODE_ENV=production');
    expect(service.output).toContain('ADMIN_EMAIL is required when NODE_ENV=production');
  });

  it('as root, names the folder that keeps the postgres user out of DATA_DIR', async () => {
    const blocked = join(folder, 'private');
    mkdirSync(blocked, { mode: 0o700 });
    chmodSync(blocked, 0o700);
    const port = await freePort();
    const service = new ServiceProcess({ NODE_ENV: 'development', DATA_DIR: join(blocked, 'data'), PORT: String(port) }).start();
    if (process.getuid?.() === 0) {
      expect(await service.waitForExit()).toBe(1);
      expect(service.output).toContain(`the folder ${blocked} does not let it through`);
    } else {
      // Not root: PostgreSQL runs as this user, which owns the folder.
      await service.waitForHealth(port);
      service.signal('SIGTERM');
      expect(await service.waitForExit()).toBe(0);
    }
  });
});
