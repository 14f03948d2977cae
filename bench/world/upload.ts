import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ApiClient } from '../lib/http';

/** Files up to this size go as one buffer; larger ones are streamed. */
const BUFFER_LIMIT = 4 << 20;

/** POSTs a CSV file as the body (`text/csv`); any answer but 2xx is an error carrying the response body. */
export async function postCsv<T>(api: ApiClient, path: string, file: string): Promise<T> {
  const size = statSync(file).size;
  const body = size <= BUFFER_LIMIT ? readFileSync(file) : (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
  const response = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${bearerOf(api)}` },
    body,
    // Required by fetch for a streamed request body.
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} (${file}, ${size} bytes) answered ${response.status}: ${text.slice(0, 2000)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** ApiClient keeps its token private and sends JSON only; the CSV uploads need the same token. */
function bearerOf(api: ApiClient): string {
  const token = api['token'];
  if (!token) throw new Error('log in first (ApiClient.login)');
  return token;
}

/** Runs `work` over the items, at most `concurrency` at a time; the first failure stops new work and is thrown. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (!failed && next < items.length) {
        const index = next++;
        try {
          await work(items[index], index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
}
