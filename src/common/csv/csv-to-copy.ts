import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { CommonError } from '../errors/common.errors';
import { CopyOutput } from './copy-output';
import { COMMA, CR, LF, NUL, QUOTE, countCommas, countLf, nextIndex, viewOf } from './csv-bytes';
import { csvHeaderProblem, normalizeName, splitCsvRecord } from './csv-header';

export { csvHeaderProblem, splitCsvRecord } from './csv-header';

export interface CsvToCopyOptions {
  /** Column names in order; the file's header is compared trimmed and lower-cased. */
  expectedHeader: readonly string[];
  /** Input larger than this fails the stream with a CsvTooLargeError. */
  maxBytes: number;
  /** How many problems are kept (all are counted); 100 unless set. */
  maxProblems?: number;
  /** Written before each output line, e.g. `<report id>,` to fill a leading column of the COPY target. */
  prefix?: string;
  /** Whether each output line starts with the physical line of its record (after the prefix); true unless set. */
  lineNumbers?: boolean;
  /** Handed each good record (its bytes from `start` to `end`; `quoted` when it holds quotes), e.g. to tally it. */
  onRecord?: (buf: Buffer, start: number, end: number, quoted: boolean) => void;
}

/** One thing wrong with one record; `line` is the 1-based physical line where the record starts. */
export interface CsvProblem {
  line: number;
  message: string;
}

/** The upload is over its byte limit; maps to HTTP 413 through the global filter. */
export class CsvTooLargeError extends CommonError {
  constructor(readonly limit: number) {
    super('PAYLOAD_TOO_LARGE', `the file is larger than the limit of ${limit} bytes`, { limit });
  }
}

const BOM = [0xef, 0xbb, 0xbf];

// Record defects, in the order they are reported (lowest bit wins).
const HAS_NUL = 1;
const BAD_UTF8 = 2;
const BAD_QUOTE = 4;
const TEXT_AFTER_QUOTE = 8;
const BARE_CR = 16;

const EMPTY_FILE = 'the file is empty: a header line is required';
const UNTERMINATED = 'unterminated quoted field';

function defectMessage(flags: number): string {
  if (flags & HAS_NUL) return 'contains a NUL byte';
  if (flags & BAD_UTF8) return 'is not valid UTF-8';
  if (flags & BAD_QUOTE) return 'unexpected quote';
  if (flags & TEXT_AFTER_QUOTE) return 'unexpected text after a closing quote';
  // PostgreSQL refuses an unquoted carriage return and would fail the whole COPY
  return 'contains a carriage return outside quotes';
}

/**
 * Streams an uploaded CSV file into `COPY ... FROM STDIN WITH (FORMAT csv)` input:
 * each good data record becomes `<prefix><line>,<its original bytes>\n` (without
 * `<line>,` when `lineNumbers` is false). Bad records are left out and listed in
 * `problems`; the stream itself only fails when the input is over `maxBytes`.
 */
export class CsvToCopyStream extends Transform {
  private readonly expected: string[];
  private readonly maxBytes: number;
  private readonly maxProblems: number;
  private readonly output: CopyOutput;
  private readonly onRecord: CsvToCopyOptions['onRecord'];

  private readonly kept: CsvProblem[] = [];
  private problemTotal = 0;
  private goodRecords = 0;
  private dataRecords = 0;
  private inputBytes = 0;
  private headerSeen = false;
  private headerMatched = false;
  private digest = '';
  private stopped = false;
  private ascending = true;
  private lastFirstField = -1;

  // Leading bytes held until we know whether they are a BOM; null once decided.
  private bomHead: Buffer | null = Buffer.alloc(0);
  // Physical line of the scan position.
  private line = 1;

  // The record being scanned when it spans chunks or holds quotes.
  private parts: Buffer[] = [];
  private partsLen = 0;
  private recLine = 1;
  private inQuotes = false;
  private afterQuote = false;
  private fieldStart = true;
  private pendingCR = false;
  private commas = 0;
  private flags = 0;

  constructor(options: CsvToCopyOptions) {
    super();
    this.expected = options.expectedHeader.map(normalizeName);
    this.maxBytes = options.maxBytes;
    this.maxProblems = options.maxProblems ?? 100;
    this.onRecord = options.onRecord;
    this.output = new CopyOutput((chunk) => this.push(chunk), options.prefix ?? '', options.lineNumbers ?? true);
  }

  /** The first `maxProblems` problems, in file order. */
  get problems(): CsvProblem[] {
    return this.kept;
  }
  /** All problems, including those not kept. */
  get problemCount(): number {
    return this.problemTotal;
  }
  /** Good data records written downstream. */
  get records(): number {
    return this.goodRecords;
  }
  /** Data records seen, good or bad; blank lines and the header excluded. */
  get dataLines(): number {
    return this.dataRecords;
  }
  get bytes(): number {
    return this.inputBytes;
  }
  get headerOk(): boolean {
    return this.headerMatched;
  }
  /**
   * Whether the first field of every good record is a plain whole number
   * (digits only) greater than the one before: then no two records share it,
   * and a uniqueness check over the batch can be skipped. False otherwise.
   */
  get firstFieldAscending(): boolean {
    return this.ascending;
  }
  /** Hex SHA-256 of the good records, each without its terminator and followed by `\n`; set once the stream has ended. */
  get contentHash(): string {
    return this.digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.stopped) return callback();
    this.inputBytes += chunk.length;
    if (this.inputBytes > this.maxBytes) {
      this.stopped = true;
      return callback(new CsvTooLargeError(this.maxBytes));
    }
    const buf = this.stripBom(chunk);
    if (buf.length > 0) this.consume(buf);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.stopped) return callback();
    const head = this.bomHead;
    this.bomHead = null;
    if (head !== null && head.length > 0) this.consume(head);
    if (this.partsLen > 0) this.endLastRecord();
    if (!this.headerSeen) this.addProblem(1, EMPTY_FILE);
    this.digest = this.output.finish();
    callback();
  }

  private stripBom(chunk: Buffer): Buffer {
    const head = this.bomHead;
    if (head === null) return chunk;
    const joined = head.length > 0 ? Buffer.concat([head, chunk]) : chunk;
    const n = Math.min(joined.length, 3);
    for (let i = 0; i < n; i++) {
      if (joined[i] !== BOM[i]) {
        this.bomHead = null;
        return joined;
      }
    }
    // A BOM prefix split over chunks: wait for the rest
    if (n < 3) {
      this.bomHead = Buffer.from(joined);
      return Buffer.alloc(0);
    }
    this.bomHead = null;
    return joined.subarray(3);
  }

  private consume(buf: Buffer): void {
    let pos = 0;
    if (this.partsLen > 0) {
      const nl = this.scan(buf, 0);
      if (nl < 0) return this.keep(buf);
      this.keep(buf.subarray(0, nl));
      this.endSplitRecord();
      pos = nl + 1;
    }
    this.scanChunk(buf, pos);
  }

  /** The hot loop over whole records inside one chunk, with per-chunk caches of where the next quote, NUL and CR are. */
  private scanChunk(buf: Buffer, from: number): void {
    const len = buf.length;
    const view = viewOf(buf);
    const lastNl = buf.lastIndexOf(LF);
    // Newlines are character boundaries, so one check covers every record before the last one
    const utf8OkTo = lastNl > from && isUtf8(buf.subarray(from, lastNl)) ? lastNl : -1;
    let quoteAt = -1;
    let nulAt = -1;
    let crAt = -1;
    // Good LF-terminated records that follow each other are hashed straight from the input
    let runStart = from;
    let runEnd = from;
    let pos = from;
    let scanned = false;
    while (pos < len) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0) break;
      if (quoteAt < pos) quoteAt = nextIndex(buf, QUOTE, pos);
      const line = this.line;
      let fields = -1;
      let flags = 0;
      if (crAt < pos) crAt = nextIndex(buf, CR, pos);
      if (quoteAt < nl) {
        // Up to its first quote the record is plain bytes with no LF, so only the quoted rest needs the byte scanner
        this.startRecord();
        this.commas = countCommas(view, buf, pos, quoteAt);
        if (crAt < quoteAt) this.flags = BARE_CR;
        this.fieldStart = quoteAt === pos || buf[quoteAt - 1] === COMMA;
        nl = this.scan(buf, quoteAt);
        if (nl < 0) {
          scanned = true;
          break;
        }
        fields = this.commas + 1;
        flags = this.flags;
      } else if (crAt < nl - 1) {
        flags = BARE_CR;
      }
      const end = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
      this.line++;
      if (end > pos) {
        if (nulAt < pos) nulAt = nextIndex(buf, NUL, pos);
        if (nulAt < end) flags |= HAS_NUL;
        if (end > utf8OkTo && !isUtf8(buf.subarray(pos, end))) flags |= BAD_UTF8;
        if (this.acceptRecord(buf, view, pos, end, line, fields, flags)) {
          if (end === nl && runEnd === pos) {
            runEnd = nl + 1;
          } else {
            this.output.hashRun(buf, runStart, runEnd);
            runStart = end === nl ? pos : nl + 1;
            runEnd = nl + 1;
            if (end !== nl) this.output.hashRecord(buf, view, pos, end);
          }
        }
      }
      pos = nl + 1;
    }
    this.output.hashRun(buf, runStart, runEnd);
    if (pos < len) {
      if (!scanned) {
        this.startRecord();
        this.scan(buf, pos);
      }
      this.keep(buf.subarray(pos));
    }
  }

  private startRecord(): void {
    this.recLine = this.line;
    this.inQuotes = false;
    this.afterQuote = false;
    this.fieldStart = true;
    this.pendingCR = false;
    this.commas = 0;
    this.flags = 0;
  }

  /** Resumable RFC 4180 scan from `from`; returns the index of the terminating LF, or -1 when the record goes on. */
  private scan(buf: Buffer, from: number): number {
    const len = buf.length;
    let { inQuotes, afterQuote, pendingCR, commas, flags } = this;
    let i = from;
    if (pendingCR && i < len) {
      pendingCR = false;
      if (buf[i] !== LF) flags |= BARE_CR;
    }
    while (i < len) {
      if (inQuotes) {
        if (afterQuote) {
          afterQuote = false;
          const next = buf[i];
          if (next === QUOTE) {
            i++;
            continue;
          }
          inQuotes = false;
          if (next !== COMMA && next !== LF && next !== CR) flags |= TEXT_AFTER_QUOTE;
        } else {
          const q = buf.indexOf(QUOTE, i);
          // Newlines inside quotes are data but still advance the physical line
          this.line += countLf(buf, i, q < 0 ? len : q);
          if (q < 0) {
            i = len;
            break;
          }
          afterQuote = true;
          i = q + 1;
          continue;
        }
      }
      // Unquoted bytes: only , " CR and LF matter, and they all sort at or below the comma
      for (; i < len; i++) {
        const c = buf[i];
        if (c > COMMA) continue;
        if (c === COMMA) commas++;
        else if (c === LF) break;
        else if (c === QUOTE) {
          // A quote opens a field only at its start; elsewhere it is kept as data and the record refused
          if (i === from ? this.fieldStart : buf[i - 1] === COMMA) {
            inQuotes = true;
            i++;
            break;
          }
          flags |= BAD_QUOTE;
        } else if (c === CR) {
          if (i + 1 === len) pendingCR = true;
          else if (buf[i + 1] !== LF) flags |= BARE_CR;
        }
      }
      if (!inQuotes) break;
    }
    // A record going on in the next chunk needs to know whether its current field has begun
    if (i > from) this.fieldStart = buf[i - 1] === COMMA;
    this.inQuotes = inQuotes;
    this.afterQuote = afterQuote;
    this.pendingCR = pendingCR;
    this.commas = commas;
    this.flags = flags;
    return i < len ? i : -1;
  }

  private keep(part: Buffer): void {
    // Copied: the upstream may reuse its chunk buffers
    this.parts.push(Buffer.from(part));
    this.partsLen += part.length;
  }

  private takeParts(): Buffer {
    const rec = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partsLen);
    this.parts = [];
    this.partsLen = 0;
    return rec;
  }

  /** A record that began in an earlier chunk has reached its LF (already kept, without the LF). */
  private endSplitRecord(): void {
    const rec = this.takeParts();
    this.line++;
    this.endWholeRecord(rec, rec.length > 0 && rec[rec.length - 1] === CR ? rec.length - 1 : rec.length);
  }

  /** End of input inside a record: a trailing CR is a cut-off CRLF; an open quote swallowed the rest of the file. */
  private endLastRecord(): void {
    const rec = this.takeParts();
    if (!this.inQuotes || this.afterQuote) return this.endWholeRecord(rec, this.pendingCR ? rec.length - 1 : rec.length);
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.addProblem(this.recLine, UNTERMINATED);
    }
    this.dataRecords++;
    if (this.headerMatched) this.addProblem(this.recLine, UNTERMINATED);
  }

  private endWholeRecord(rec: Buffer, end: number): void {
    if (end === 0) return;
    let flags = this.flags;
    const body = rec.subarray(0, end);
    if (body.indexOf(NUL) >= 0) flags |= HAS_NUL;
    if (!isUtf8(body)) flags |= BAD_UTF8;
    const view = viewOf(rec);
    if (this.acceptRecord(rec, view, 0, end, this.recLine, this.commas + 1, flags)) this.output.hashRecord(rec, view, 0, end);
  }

  /** Applies the header and record rules and writes a good record downstream; `fields` is -1 when the copy is to count them. */
  private acceptRecord(buf: Buffer, view: DataView, start: number, end: number, line: number, fields: number, flags: number): boolean {
    if (!this.headerSeen) {
      this.readHeader(buf, start, end, line, flags);
      return false;
    }
    this.dataRecords++;
    if (!this.headerMatched) return false;
    if (flags !== 0) {
      this.addProblem(line, defectMessage(flags));
      return false;
    }
    // Copied before the count is known: a refused record is simply not committed
    const commas = this.output.write(buf, view, start, end, line);
    const found = fields < 0 ? commas + 1 : fields;
    if (found !== this.expected.length) {
      this.addProblem(line, `expected ${this.expected.length} fields, found ${found}`);
      return false;
    }
    this.output.commit();
    this.goodRecords++;
    if (this.ascending) this.trackFirstField(buf, start, end);
    this.onRecord?.(buf, start, end, fields >= 0);
    return true;
  }

  private trackFirstField(buf: Buffer, start: number, end: number): void {
    let value = 0;
    let i = start;
    for (; i < end && buf[i] !== COMMA; i++) {
      const digit = buf[i] - 48;
      if (digit < 0 || digit > 9 || i - start >= 15) {
        this.ascending = false;
        return;
      }
      value = value * 10 + digit;
    }
    if (i === start || value <= this.lastFirstField) this.ascending = false;
    else this.lastFirstField = value;
  }

  private readHeader(buf: Buffer, start: number, end: number, line: number, flags: number): void {
    this.headerSeen = true;
    if (flags !== 0) return this.addProblem(line, `header ${defectMessage(flags)}`);
    const problem = csvHeaderProblem(splitCsvRecord(buf.toString('utf8', start, end)), this.expected);
    if (problem !== null) return this.addProblem(line, problem);
    this.headerMatched = true;
  }

  private addProblem(line: number, message: string): void {
    this.problemTotal++;
    if (this.kept.length < this.maxProblems) this.kept.push({ line, message });
  }
}
