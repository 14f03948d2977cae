import { Agent, request } from 'node:http';
import { DEVELOPMENT_DEFAULTS } from '../../src/config/environment';

/** A small JSON client for the service's API. */
export class ApiClient {
  private token = '';

  /** The bearer token of the logged-in user, for uploads the JSON client does not make. */
  get bearer(): string {
    return this.token;
  }

  constructor(readonly baseUrl: string) {}

  async login(email: string = DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: string = DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD): Promise<void> {
    const { accessToken } = await this.request<{ accessToken: string }>('POST', '/api/v1/auth/login', { email, password });
    this.token = accessToken;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (expectStatus ? response.status !== expectStatus : !response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Runs `count` requests at most `concurrency` at a time; returns each one's latency in ms. */
  async timed(count: number, concurrency: number, next: (index: number) => string): Promise<number[]> {
    const latencies: number[] = [];
    let issued = 0;
    const worker = async () => {
      while (issued < count) {
        const index = issued++;
        const started = performance.now();
        const response = await fetch(`${this.baseUrl}${next(index)}`, { headers: { authorization: `Bearer ${this.token}` } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${next(index)} answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return latencies;
  }
}

/**
 * POSTs JSON over kept-alive connections with node:http: a load generator
 * that shares the machine with the service should spend as little CPU as it
 * can (fetch costs several times more per request on this machine).
 */
export class JsonPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  post(path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A deterministic pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rows as a Markdown table, columns padded to line up in a terminal. */
export function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = Object.keys(rows[0]);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(columns),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map((row) => line(columns.map((column) => String(row[column])))),
  ].join('\n');
}

export function printTable(rows: Array<Record<string, string | number>>): void {
  console.log(formatTable(rows));
}

/** A numeric command-line option, `--name value`, or the fallback. */
export function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
