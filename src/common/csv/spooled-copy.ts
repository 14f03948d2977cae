import { createWriteStream, type WriteStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Bytes the spool file buffers before the upload waits for the disk. */
const SPOOL_BUFFER = 1 << 20;

/** The spool file could not be written (a full or failing disk): the server's fault, not the upload's. */
export class SpoolError extends Error {
  constructor(override readonly cause: Error) {
    super(`the upload could not be spooled to disk: ${cause.message}`);
  }
}

/**
 * Keeps an upload (decompressed, as the parser reads it) in a spool file while
 * passing it on: a batch refused on a value is read again from it to name
 * every problem. The file is complete once the stream has ended.
 */
export class SpoolTap extends Transform {
  private readonly file: WriteStream;

  constructor(path: string) {
    super();
    this.file = createWriteStream(path, { highWaterMark: SPOOL_BUFFER });
    this.file.on('error', (error) => this.destroy(new SpoolError(error)));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.file.write(chunk)) callback(null, chunk);
    else this.file.once('drain', () => callback(null, chunk));
  }

  override _flush(callback: TransformCallback): void {
    this.file.end((error?: Error | null) => callback(error ? new SpoolError(error) : null));
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.file.destroy();
    callback(error);
  }
}

/**
 * Writes a chunk, waiting for room; gives up (resolves) when `gaveUp` turns
 * true because the stream failed. The wait ends on drain, error or close, and
 * leaves no listener behind (a long upload waits thousands of times).
 */
async function write(stream: Writable, chunk: Buffer, gaveUp: () => boolean): Promise<void> {
  if (stream.write(chunk) || gaveUp() || stream.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

/**
 * Streams the prepared rows into a COPY. A COPY that fails on a value (a date
 * that is not one) stops there, but the rest of the rows are still read, so
 * the whole upload reaches its spool (SpoolTap) and every problem can be
 * named. When the rows themselves fail (the upload is over its limit, the
 * client went away, the gzip is corrupt), the COPY is cancelled — the
 * connection can roll back at once — and that error is thrown.
 */
export async function copyRows(rows: Readable, copy: Writable): Promise<{ copyError: Error | null }> {
  let copyError: Error | null = null;
  copy.on('error', (error: Error) => {
    copyError ??= error;
  });
  try {
    for await (const chunk of rows) {
      if (!copyError) await write(copy, chunk as Buffer, () => copyError !== null);
    }
  } catch (error) {
    if (!copyError) {
      // Ends the COPY with CopyFail: PostgreSQL answers with an error, which is expected here.
      copy.destroy(error as Error);
      await finished(copy).catch(() => undefined);
    }
    throw error;
  }
  // Destroyed without an error (not seen in use): the rows did not all arrive.
  if (!copyError && copy.destroyed) copyError = new Error('the COPY closed before all rows were sent');
  if (!copyError) {
    copy.end();
    await finished(copy).catch((error: Error) => {
      copyError ??= error;
    });
  }
  return { copyError };
}
