import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copyRows, SpoolError, SpoolTap } from './spooled-copy';

const chunks = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`${i},${'x'.repeat(i % 97)}\n`));

/** A COPY stand-in: takes bytes slowly (it asks to wait after each write), fails once it has `failAfter` bytes. */
function fakeCopy(failAfter = Infinity): Writable & { received: Buffer[] } {
  const received: Buffer[] = [];
  let bytes = 0;
  const copy = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      received.push(chunk);
      setImmediate(() => callback(bytes > failAfter ? Object.assign(new Error('invalid input syntax for type date'), { code: '22007' }) : null));
    },
  });
  return Object.assign(copy, { received });
}

describe('SpoolTap and copyRows', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'spool-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the upload as received in the spool while the rows reach the COPY', async () => {
    const input = chunks(3000);
    const spool = join(dir, 'upload.csv');
    const rows = new PassThrough();
    const copy = fakeCopy();
    const [copied] = await Promise.all([copyRows(rows, copy), pipeline(Readable.from(input), new SpoolTap(spool), rows)]);
    expect(copied.copyError).toBeNull();
    expect(Buffer.concat(copy.received).equals(Buffer.concat(input))).toBe(true);
    expect(readFileSync(spool).equals(Buffer.concat(input))).toBe(true);
  });

  it('reads the whole upload into the spool when the COPY fails on a value part way', async () => {
    const input = chunks(3000);
    const spool = join(dir, 'upload.csv');
    const rows = new PassThrough();
    const copy = fakeCopy(10_000);
    const [copied] = await Promise.all([copyRows(rows, copy), pipeline(Readable.from(input), new SpoolTap(spool), rows)]);
    expect((copied.copyError as Error & { code: string }).code).toBe('22007');
    expect(Buffer.concat(copy.received).length).toBeLessThan(Buffer.concat(input).length);
    expect(readFileSync(spool).equals(Buffer.concat(input))).toBe(true);
  });

  it('fails the upload with a SpoolError when the spool cannot be written, to its last byte', async () => {
    // /dev/full takes the file open and refuses every write with ENOSPC: here only the final flush writes.
    await expect(pipeline(Readable.from([Buffer.from('line_no\n1\n')]), new SpoolTap('/dev/full'), new PassThrough().resume())).rejects.toBeInstanceOf(
      SpoolError,
    );
    await expect(pipeline(Readable.from(chunks(30_000)), new SpoolTap('/dev/full'), new PassThrough().resume())).rejects.toBeInstanceOf(SpoolError);
  });

  it('does not wait on a COPY that was destroyed without an error', async () => {
    const copy = fakeCopy();
    copy.destroy();
    const { copyError } = await copyRows(Readable.from(chunks(100)), copy);
    expect(copyError?.message).toBe('the COPY closed before all rows were sent');
  });

  it('cancels the COPY with the error of the upload itself', async () => {
    const failing = new Readable({ read() {} });
    const copy = fakeCopy();
    const copying = copyRows(failing, copy);
    failing.push(Buffer.from('1,a\n'));
    setImmediate(() => failing.destroy(new Error('the client went away')));
    await expect(copying).rejects.toThrow('the client went away');
    expect(copy.destroyed).toBe(true);
  });

  it('leaves no listener behind on a COPY that asked to wait thousands of times', async () => {
    const listeners = (stream: Writable) => ['drain', 'error', 'close', 'finish'].map((event) => stream.listenerCount(event));
    const once = fakeCopy();
    await copyRows(Readable.from(chunks(2)), once);
    const often = fakeCopy();
    await copyRows(Readable.from(chunks(3000)), often);
    expect(listeners(often)).toEqual(listeners(once));
    expect(often.listenerCount('drain')).toBe(0);
  });
});
