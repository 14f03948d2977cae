import { createHash } from 'node:crypto';
import { COMMA, LF, copyCountingCommas, viewOf, writeUint } from './csv-bytes';

const BATCH = 64 * 1024;
// Up to 16 digits of line number (more than any Buffer-sized file has), the comma and the LF
const OVERHEAD = 18;
const NEWLINE = Buffer.from('\n');

/**
 * Batches `<prefix><line>,<record>\n` lines (`<prefix><record>\n` when not
 * `numbered`) for COPY into buffers of about 64 KiB, and hashes the same
 * records (each followed by LF, without prefix or line number).
 */
export class CopyOutput {
  private readonly hash = createHash('sha256');
  private out = Buffer.allocUnsafe(BATCH);
  private outView = viewOf(this.out);
  private outLen = 0;
  private pendingEnd = 0;
  private readonly hashBuf = Buffer.allocUnsafe(BATCH);
  private readonly hashView = viewOf(this.hashBuf);
  private hashLen = 0;

  private readonly prefix: Buffer;
  private readonly overhead: number;

  constructor(
    private readonly send: (chunk: Buffer) => void,
    prefix = '',
    private readonly numbered = true,
  ) {
    this.prefix = Buffer.from(prefix);
    this.overhead = OVERHEAD + this.prefix.length;
  }

  /** Writes `<prefix><line>,<record>` after the output so far and returns the record's commas; it is kept only if `commit` follows. */
  write(buf: Buffer, view: DataView, start: number, end: number, line: number): number {
    const size = end - start;
    if (this.outLen + size + this.overhead > this.out.length) {
      if (this.outLen > 0) this.send(this.out.subarray(0, this.outLen));
      // A sent buffer belongs downstream from then on, so each batch is new
      this.out = Buffer.allocUnsafe(Math.max(BATCH, size + this.overhead));
      this.outView = viewOf(this.out);
      this.outLen = 0;
    }
    let at = this.outLen + (this.prefix.length > 0 ? this.prefix.copy(this.out, this.outLen) : 0);
    if (this.numbered) {
      at = writeUint(this.out, at, line);
      this.out[at++] = COMMA;
    }
    this.pendingEnd = at + size;
    return copyCountingCommas(view, buf, start, end, this.outView, this.out, at);
  }

  commit(): void {
    this.out[this.pendingEnd] = LF;
    this.outLen = this.pendingEnd + 1;
  }

  /** Hashes input bytes that already are good records each followed by LF. */
  hashRun(buf: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.flushHashBuf();
    this.hash.update(buf.subarray(start, end));
  }

  /** Hashes one record given without its terminator. */
  hashRecord(buf: Buffer, view: DataView, start: number, end: number): void {
    const size = end - start;
    if (this.hashLen + size + 1 > this.hashBuf.length) {
      this.flushHashBuf();
      if (size + 1 > this.hashBuf.length) {
        this.hash.update(buf.subarray(start, end));
        this.hash.update(NEWLINE);
        return;
      }
    }
    copyCountingCommas(view, buf, start, end, this.hashView, this.hashBuf, this.hashLen);
    this.hashLen += size;
    this.hashBuf[this.hashLen++] = LF;
  }

  /** Sends the last batch and returns the hex SHA-256. */
  finish(): string {
    if (this.outLen > 0) this.send(this.out.subarray(0, this.outLen));
    this.outLen = 0;
    this.flushHashBuf();
    return this.hash.digest('hex');
  }

  private flushHashBuf(): void {
    if (this.hashLen === 0) return;
    this.hash.update(this.hashBuf.subarray(0, this.hashLen));
    this.hashLen = 0;
  }
}
