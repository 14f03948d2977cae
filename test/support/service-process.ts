import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export { freePort } from '../../src/database/embedded-postgres';

const ROOT = join(__dirname, '..', '..');

/** The real service (src/main.ts) as its own process, the way `npm start` runs it. */
export class ServiceProcess {
  private child?: ChildProcess;
  output = '';
  exitCode: number | null = null;
  private exited?: Promise<number | null>;

  constructor(private readonly env: Record<string, string>) {}

  start(): this {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...this.env, TS_NODE_TRANSPILE_ONLY: 'true' };
    // The service decides between DATABASE_URL and the embedded cluster itself.
    if (!('DATABASE_URL' in this.env)) delete env.DATABASE_URL;
    this.child = spawn(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child!.on('exit', (code) => resolve((this.exitCode = code))));
    return this;
  }

  async waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== null) throw new Error(`the service exited with ${this.exitCode}:\n${this.output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no healthy answer within ${timeoutMs} ms:\n${this.output}`);
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  waitForExit(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }
}
