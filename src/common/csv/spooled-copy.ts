import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Writes a chunk, waiting for room; gives up (resolves) when `gaveUp` turns true because the stream failed. */
async function write(stream: Writable, chunk: Buffer, gaveUp: () => boolean = () => false): Promise<void> {
  if (stream.write(chunk) || gaveUp()) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'error').catch(() => undefined), once(stream, 'close')]);
}

/**
 * Streams the prepared rows into a COPY and, at the same time, into a spool
 * file. A COPY that fails on a value (a date that is not one) stops there, but
 * the rest of the upload is still read into the spool, so the whole file can
 * be staged again as text and every problem named. Memory stays flat.
 * When the rows themselves fail (the upload is over its limit, the client went
 * away, the gzip is corrupt), the COPY is cancelled — the connection can roll
 * back at once — and that error is thrown.
 */
export async function copyWithSpool(rows: Readable, copy: Writable, spoolPath: string): Promise<{ copyError: Error | null }> {
  const spool = createWriteStream(spoolPath);
  let copyError: Error | null = null;
  copy.on('error', (error: Error) => {
    copyError ??= error;
  });
  try {
    for await (const chunk of rows) {
      const data = chunk as Buffer;
      await Promise.all([write(spool, data), copyError ? Promise.resolve() : write(copy, data, () => copyError !== null)]);
    }
  } catch (error) {
    spool.destroy();
    if (!copyError) {
      // Ends the COPY with CopyFail: PostgreSQL answers with an error, which is expected here.
      copy.destroy(error as Error);
      await finished(copy).catch(() => undefined);
    }
    throw error;
  }
  spool.end();
  await finished(spool);
  if (!copyError) {
    copy.end();
    await finished(copy).catch((error: Error) => {
      copyError ??= error;
    });
  }
  return { copyError };
}
