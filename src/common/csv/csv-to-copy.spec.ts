import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvToCopyOptions, CsvToCopyStream, CsvTooLargeError, csvHeaderProblem, splitCsvRecord } from './csv-to-copy';

const HEADER = ['sale_date', 'sku', 'qty', 'note'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface Run {
  csv: CsvToCopyStream;
  out: string;
  outChunks: Buffer[];
}

async function run(input: string | Buffer | Buffer[], options: Partial<CsvToCopyOptions> = {}): Promise<Run> {
  const chunks = Array.isArray(input) ? input : [Buffer.from(input)];
  const csv = new CsvToCopyStream({ expectedHeader: HEADER, maxBytes: 1 << 30, ...options });
  const outChunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      outChunks.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(chunks), csv, sink);
  return { csv, out: Buffer.concat(outChunks).toString('utf8'), outChunks };
}

function summary({ csv, out }: Run) {
  return {
    out,
    problems: csv.problems,
    problemCount: csv.problemCount,
    records: csv.records,
    dataLines: csv.dataLines,
    bytes: csv.bytes,
    headerOk: csv.headerOk,
    contentHash: csv.contentHash,
  };
}

function splitEvery(buf: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  return chunks;
}

// Deterministic pseudo-random numbers (mulberry32) so failures replay
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function splitRandomly(buf: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    const size = 1 + Math.floor(next() * 40);
    chunks.push(buf.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** An independent RFC 4180 reader: records with the physical line they start on, blank lines dropped. */
function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error(`unterminated quote in the record of line ${start}`);
          const c = text[i++];
          if (c === '"' && text[i] === '"') {
            field += '"';
            i++;
          } else if (c === '"') {
            break;
          } else {
            if (c === '\n') line++;
            field += c;
          }
        }
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) field += text[i++];
      fields.push(field);
      if (text[i] !== ',') break;
      i++;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: start, fields });
  }
  return rows;
}

// Every kind of record, several line endings, multi-byte characters, and a last record cut before its LF
const TRICKY = Buffer.concat([
  BOM,
  Buffer.from(
    'Sale_Date , SKU,"qty",note\r\n' +
      '2026-05-01,SKU-1,3,plain\n' +
      '\r\n' +
      '2026-05-02,"SKU,2",4,"say ""hi""\r\nsecond line"\r\n' +
      '2026-05-03,SKU-3,5,café 😀\n' +
      '2026-05-04,SKU"4,6,bad quote\n' +
      '2026-05-05,SKU-5,7\n' +
      '2026-05-06,"SKU-6"x,8,text after quote\n' +
      '2026-05-07,SKU-7,9,bare\rcr\n' +
      '2026-05-08,SKU-8,10,nul\0\n' +
      '\n' +
      '2026-05-09,SKU-9,11,"multi\nline\nnote"\n' +
      '2026-05-10,SKU-10,12,bad ',
  ),
  Buffer.from([0xc3, 0x28]),
  Buffer.from('\n2026-05-11,SKU-11,13,"ends ""quoted"""\r'),
]);

const TRICKY_OUT =
  '2,2026-05-01,SKU-1,3,plain\n' +
  '4,2026-05-02,"SKU,2",4,"say ""hi""\r\nsecond line"\n' +
  '6,2026-05-03,SKU-3,5,café 😀\n' +
  '13,2026-05-09,SKU-9,11,"multi\nline\nnote"\n' +
  '17,2026-05-11,SKU-11,13,"ends ""quoted"""\n';

const TRICKY_PROBLEMS = [
  { line: 7, message: 'unexpected quote' },
  { line: 8, message: 'expected 4 fields, found 3' },
  { line: 9, message: 'unexpected text after a closing quote' },
  { line: 10, message: 'contains a carriage return outside quotes' },
  { line: 11, message: 'contains a NUL byte' },
  { line: 16, message: 'is not valid UTF-8' },
];

// Ends inside a quote that never closes
const UNTERMINATED = Buffer.concat([TRICKY, Buffer.from('\n2026-05-12,SKU-12,14,"never closed\r\nmore,""\n\n')]);

describe('csvHeaderProblem', () => {
  it('accepts names that differ only in case and surrounding spaces', () => {
    expect(csvHeaderProblem([' Sale_Date', 'SKU ', 'qty', 'NOTE'], HEADER)).toBeNull();
  });

  it('refuses another order, a missing or an extra column, and says what it found', () => {
    expect(csvHeaderProblem(['sku', 'sale_date', 'qty', 'note'], HEADER)).toBe('header must be sale_date,sku,qty,note; found sku,sale_date,qty,note');
    expect(csvHeaderProblem(['sale_date', 'sku', 'qty'], HEADER)).toBe('header must be sale_date,sku,qty,note; found sale_date,sku,qty');
    expect(csvHeaderProblem([...HEADER, 'extra'], HEADER)).not.toBeNull();
  });
});

describe('splitCsvRecord', () => {
  it('unquotes fields and keeps commas and doubled quotes inside them', () => {
    expect(splitCsvRecord('a,"b,c","say ""hi""",,""')).toEqual(['a', 'b,c', 'say "hi"', '', '']);
  });
});

describe('CsvToCopyStream', () => {
  describe('output', () => {
    it('prefixes each record with its line and ends it with LF, whatever the input line ending', async () => {
      const input = 'sale_date,sku,qty,note\n2026-05-01,A,1,x\r\n2026-05-02,B,2,y\n2026-05-03,C,3,z\r\n';
      const { csv, out } = await run(input);
      expect(out).toBe('2,2026-05-01,A,1,x\n3,2026-05-02,B,2,y\n4,2026-05-03,C,3,z\n');
      expect(csv.headerOk).toBe(true);
      expect(csv.records).toBe(3);
      expect(csv.dataLines).toBe(3);
      expect(csv.problemCount).toBe(0);
      expect(csv.bytes).toBe(Buffer.byteLength(input));
    });

    it('writes a prefix before each line, and leaves the content hash alone', async () => {
      const input = 'sale_date,sku,qty,note\n2026-05-01,A,1,x\n2026-05-02,"B,1",2,y\n';
      const prefixed = await run(input, { prefix: '0190a1b2-0000-7000-8000-000000000001,' });
      expect(prefixed.out).toBe('0190a1b2-0000-7000-8000-000000000001,2,2026-05-01,A,1,x\n0190a1b2-0000-7000-8000-000000000001,3,2026-05-02,"B,1",2,y\n');
      expect(prefixed.csv.contentHash).toBe((await run(input)).csv.contentHash);
    });

    it('leaves the line numbers out when asked, records and problems unchanged', async () => {
      const numbered = await run(TRICKY, { prefix: '7,' });
      const bare = await run(TRICKY, { prefix: '7,', lineNumbers: false });
      expect(bare.out).toBe(numbered.out.replace(/^7,\d+,/gm, '7,'));
      expect(bare.out.startsWith('7,2026-05-01,SKU-1,3,plain\n7,2026-05-02,"SKU,2"')).toBe(true);
      expect(bare.csv.problems).toEqual(TRICKY_PROBLEMS);
      expect(bare.csv.contentHash).toBe(numbered.csv.contentHash);
      expect(bare.csv.records).toBe(5);
    });

    it.each([
      ['1,A,1,x\n2,B,2,y\n10,C,3,z\n', true],
      ['1,A,1,x\n3,B,2,y\n2,C,3,z\n', false],
      ['1,A,1,x\n1,B,2,y\n', false],
      ['1,A,1,x\n 2,B,2,y\n', false],
      ['"1",A,1,x\n', false],
      ['1,A,1,x\n,B,2,y\n', false],
      ['-1,A,1,x\n', false],
      ['1,A,1,x\n1234567890123456,B,2,y\n', false],
      ['7,A,1,x\n', true],
    ])('tells whether the first fields of %j are plain ascending whole numbers', async (records, ascending) => {
      const { csv } = await run(`sale_date,sku,qty,note\n${records}`);
      expect(csv.firstFieldAscending).toBe(ascending);
    });

    it('judges ascending order on good records only', async () => {
      const { csv } = await run('sale_date,sku,qty,note\n1,A,1,x\n1,B\n2,C,3,z\n');
      expect(csv.problemCount).toBe(1);
      expect(csv.firstFieldAscending).toBe(true);
    });

    it('reads CRLF files', async () => {
      const { out } = await run('sale_date,sku,qty,note\r\n2026-05-01,A,1,x\r\n2026-05-02,B,2,y\r\n');
      expect(out).toBe('2,2026-05-01,A,1,x\n3,2026-05-02,B,2,y\n');
    });

    it('strips a BOM and keeps one that is not at the start as data', async () => {
      const { out, csv } = await run(Buffer.concat([BOM, Buffer.from('sale_date,sku,qty,note\n2026-05-01,A,1,\uFEFFx\n')]));
      expect(csv.headerOk).toBe(true);
      expect(out).toBe('2,2026-05-01,A,1,\uFEFFx\n');
    });

    it('takes a last record without a terminator, or cut after its CR', async () => {
      expect((await run('sale_date,sku,qty,note\n2026-05-01,A,1,x')).out).toBe('2,2026-05-01,A,1,x\n');
      expect((await run('sale_date,sku,qty,note\r\n2026-05-01,A,1,x\r')).out).toBe('2,2026-05-01,A,1,x\n');
      expect((await run('sale_date,sku,qty,note\n2026-05-01,A,1,"x"')).out).toBe('2,2026-05-01,A,1,"x"\n');
    });

    it('keeps quoted fields byte for byte and numbers later records by physical line', async () => {
      const input = 'sale_date,sku,qty,note\n2026-05-01,"A,1",1,"he said ""no""\r\nthen\nleft"\n2026-05-02,B,2,""\n';
      const { out } = await run(input);
      expect(out).toBe('2,2026-05-01,"A,1",1,"he said ""no""\r\nthen\nleft"\n5,2026-05-02,B,2,""\n');
    });

    it('skips blank lines, including a lone CR before LF, but counts them in line numbers', async () => {
      const { out, csv } = await run('\nsale_date,sku,qty,note\n\n\r\n2026-05-01,A,1,x\n\n');
      expect(out).toBe('5,2026-05-01,A,1,x\n');
      expect(csv.dataLines).toBe(1);
      expect(csv.problemCount).toBe(0);
    });

    it('accepts a good header with no data, leaving the caller to refuse it', async () => {
      const { out, csv } = await run('Sale_Date,SKU,Qty,Note\r\n');
      expect(out).toBe('');
      expect(csv.headerOk).toBe(true);
      expect(csv.records).toBe(0);
      expect(csv.problems).toEqual([]);
    });

    it('writes the tricky sample exactly', async () => {
      const result = await run(TRICKY);
      expect(result.out).toBe(TRICKY_OUT);
      expect(result.csv.problems).toEqual(TRICKY_PROBLEMS);
      expect(result.csv.records).toBe(5);
      expect(result.csv.dataLines).toBe(11);
    });

    it('produces lines whose fields equal the input records, as an RFC 4180 reader sees them', async () => {
      const next = random(7);
      const pieces = ['plain', '', ' spaced ', 'com,ma', 'quo"te', '""', 'cr\r\nlf', 'lf\nonly', 'cr\ronly', 'é€😀', '0'];
      const pick = () => pieces[Math.floor(next() * pieces.length)] + pieces[Math.floor(next() * pieces.length)];
      const encode = (value: string) => (/[",\r\n]/.test(value) || next() < 0.2 ? `"${value.replace(/"/g, '""')}"` : value);
      let text = 'sale_date,sku,qty,note';
      for (let i = 0; i < 500; i++) {
        text += next() < 0.5 ? '\n' : '\r\n';
        if (next() < 0.05) text += '\n';
        text += [pick(), pick(), pick(), pick()].map(encode).join(',');
      }
      const input = Buffer.from(text);
      const { out, csv } = await run(splitRandomly(input, next));

      expect(csv.problems).toEqual([]);
      expect(csv.records).toBe(500);
      const expected = parseCsv(text)
        .slice(1)
        .map((row) => [String(row.line), ...row.fields]);
      expect(parseCsv(out).map((row) => row.fields)).toEqual(expected);
    });

    it('sends output in chunks of about 64 KiB, not one per record', async () => {
      const body = Array.from({ length: 5000 }, (_, i) => `2026-05-01,SKU-${i},1,x`).join('\n');
      const { outChunks, csv } = await run(`sale_date,sku,qty,note\n${body}\n`);
      expect(csv.records).toBe(5000);
      expect(outChunks.length).toBeLessThan(5);
      expect(Math.max(...outChunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(64 * 1024);
    });
  });

  describe('problems', () => {
    const head = 'sale_date,sku,qty,note\n';

    it.each([
      ['a quote inside an unquoted field', '2026-05-01,A"B,1,x\n', 'unexpected quote'],
      ['a quote after leading spaces', '2026-05-01, "A",1,x\n', 'unexpected quote'],
      ['text after a closing quote', '2026-05-01,"A" ,1,x\n', 'unexpected text after a closing quote'],
      ['too few fields', '2026-05-01,A,1\n', 'expected 4 fields, found 3'],
      ['too many fields', '2026-05-01,A,1,x,\n', 'expected 4 fields, found 5'],
      ['too few fields, with quotes', '2026-05-01,"A,B",1\n', 'expected 4 fields, found 3'],
      ['a NUL byte', '2026-05-01,A\0,1,x\n', 'contains a NUL byte'],
      ['a NUL byte inside quotes', '2026-05-01,"A\0",1,x\n', 'contains a NUL byte'],
      ['a carriage return outside quotes', '2026-05-01,A\rB,1,x\n', 'contains a carriage return outside quotes'],
      ['a carriage return before a quoted field', '2026-05-01,A\r,"1",x\n', 'contains a carriage return outside quotes'],
      ['a carriage return after a quoted field', '2026-05-01,A,"1"\r,x\n', 'contains a carriage return outside quotes'],
    ])('refuses %s on its line and goes on', async (_name, bad, message) => {
      const { out, csv } = await run(`${head}2026-05-01,A,1,x\n${bad}2026-05-02,B,2,y\n`);
      expect(csv.problems).toEqual([{ line: 3, message }]);
      expect(out).toBe('2,2026-05-01,A,1,x\n4,2026-05-02,B,2,y\n');
      expect(csv.records).toBe(2);
      expect(csv.dataLines).toBe(3);
    });

    it('refuses a record that is not valid UTF-8', async () => {
      const bad = Buffer.concat([Buffer.from(`${head}2026-05-01,A,1,`), Buffer.from([0xe2, 0x82]), Buffer.from('\n2026-05-02,B,2,y\n')]);
      const { out, csv } = await run(bad);
      expect(csv.problems).toEqual([{ line: 2, message: 'is not valid UTF-8' }]);
      expect(out).toBe('3,2026-05-02,B,2,y\n');
    });

    it('reports an unterminated quote on the line where its record starts', async () => {
      const { out, csv } = await run(`${head}2026-05-01,A,1,x\n2026-05-02,B,2,"open\nstill open\n2026-05-03,C,3,z\n`);
      expect(csv.problems).toEqual([{ line: 3, message: 'unterminated quoted field' }]);
      expect(out).toBe('2,2026-05-01,A,1,x\n');
      expect(csv.dataLines).toBe(2);
    });

    it('refuses a header in another order and emits nothing after it', async () => {
      const { out, csv } = await run('sale_date,qty,sku,note\n2026-05-01,1,A,x\n2026-05-02,2\n');
      expect(csv.headerOk).toBe(false);
      expect(csv.problems).toEqual([{ line: 1, message: 'header must be sale_date,sku,qty,note; found sale_date,qty,sku,note' }]);
      expect(out).toBe('');
      expect(csv.records).toBe(0);
      expect(csv.dataLines).toBe(2);
    });

    it('refuses a header with an unterminated quote without calling the file empty', async () => {
      const { csv } = await run('"sale_date,sku,qty,note\n');
      expect(csv.headerOk).toBe(false);
      expect(csv.problems).toEqual([{ line: 1, message: 'unterminated quoted field' }]);
    });

    it.each([
      ['no bytes', Buffer.alloc(0)],
      ['only a BOM', BOM],
      ['only blank lines', Buffer.from('\n\r\n\n')],
    ])('calls a file with %s empty', async (_name, input) => {
      const { out, csv } = await run(input);
      expect(csv.headerOk).toBe(false);
      expect(csv.problems).toEqual([{ line: 1, message: 'the file is empty: a header line is required' }]);
      expect(out).toBe('');
    });

    it('keeps the first maxProblems problems and counts them all', async () => {
      const bad = Array.from({ length: 10 }, (_, i) => `2026-05-01,${i}\n`).join('');
      const { csv } = await run(`${head}${bad}2026-05-02,B,2,y\n`, { maxProblems: 3 });
      expect(csv.problems.map((p) => p.line)).toEqual([2, 3, 4]);
      expect(csv.problemCount).toBe(10);
      expect(csv.dataLines).toBe(11);
      expect(csv.records).toBe(1);
    });

    it('fails with CsvTooLargeError once the input passes maxBytes', async () => {
      const input = Buffer.from(`${head}${'2026-05-01,A,1,x\n'.repeat(100)}`);
      await expect(run(splitEvery(input, 100), { maxBytes: 500 })).rejects.toBeInstanceOf(CsvTooLargeError);
      await expect(run(input, { maxBytes: 500 })).rejects.toMatchObject({ limit: 500, code: 'PAYLOAD_TOO_LARGE' });
      expect((await run(input, { maxBytes: input.length })).csv.records).toBe(100);
    });
  });

  describe('contentHash', () => {
    const lf = 'sale_date,sku,qty,note\n2026-05-01,A,1,"x\ny"\n2026-05-02,B,2,y\n';

    it('hashes the good records, each followed by LF', async () => {
      const { csv } = await run(lf);
      expect(csv.contentHash).toBe(createHash('sha256').update('2026-05-01,A,1,"x\ny"\n2026-05-02,B,2,y\n').digest('hex'));
    });

    it('is the same for LF, CRLF, a BOM, blank lines and a missing last terminator', async () => {
      const crlf = 'sale_date,sku,qty,note\r\n2026-05-01,A,1,"x\ny"\r\n2026-05-02,B,2,y\r\n';
      const variants = [crlf, Buffer.concat([BOM, Buffer.from(crlf)]), lf.replace('\n2026-05-02', '\n\n2026-05-02'), lf.slice(0, -1)];
      const expected = (await run(lf)).csv.contentHash;
      for (const variant of variants) expect((await run(variant)).csv.contentHash).toBe(expected);
    });

    it('changes when one field changes', async () => {
      const changed = lf.replace('B,2,y', 'B,3,y');
      expect((await run(changed)).csv.contentHash).not.toBe((await run(lf)).csv.contentHash);
    });
  });

  describe('chunk boundaries', () => {
    it.each([
      ['the tricky sample', TRICKY],
      ['a sample ending in an open quote', UNTERMINATED],
    ])('gives the same result for %s split at every byte offset', async (_name, input) => {
      const whole = summary(await run(input));
      for (let at = 0; at <= input.length; at++) {
        const split = summary(await run([input.subarray(0, at), input.subarray(at)]));
        // Asserted only on a mismatch, so that the failure names its offset
        if (JSON.stringify(split) !== JSON.stringify(whole)) expect({ at, ...split }).toEqual({ at, ...whole });
      }
    });

    it.each([
      ['the tricky sample', TRICKY],
      ['a sample ending in an open quote', UNTERMINATED],
    ])('gives the same result for %s fed one byte at a time, or in random chunks', async (_name, input) => {
      const whole = summary(await run(input));
      expect(summary(await run(splitEvery(input, 1)))).toEqual(whole);
      const next = random(42);
      for (let i = 0; i < 50; i++) expect(summary(await run(splitRandomly(input, next)))).toEqual(whole);
    });

    it('reports the open quote at the line its record starts', async () => {
      const { csv } = await run(UNTERMINATED);
      expect(csv.problems.at(-1)).toEqual({ line: 18, message: 'unterminated quoted field' });
    });
  });

  describe('volume', () => {
    it('streams a 20 MB file and counts every record', async () => {
      const lines = 200_000;
      const parts = ['line_no,sale_date,sku,qty,price,channel,customer,region,lot,note\n'];
      for (let i = 1; i <= lines; i++) {
        // Every 50,000th record is short of a field
        parts.push(
          i % 50_000 === 0 ? `${i},2026-05-01,SKU-${i % 10000}\n` : `${i},2026-05-01,SKU-${i % 10000},12,10.50,modern_trade,CUST-42,330106,LOT-9,"n, ${i}"\n`,
        );
      }
      const input = Buffer.from(parts.join(''));
      expect(input.length).toBeGreaterThan(15_000_000);
      const expectedHeader = ['line_no', 'sale_date', 'sku', 'qty', 'price', 'channel', 'customer', 'region', 'lot', 'note'];

      const { csv, outChunks } = await run(splitEvery(input, 64 * 1024), { expectedHeader });
      expect(csv.dataLines).toBe(lines);
      expect(csv.records).toBe(lines - 4);
      expect(csv.problemCount).toBe(4);
      expect(csv.problems[0]).toEqual({ line: 50_001, message: 'expected 10 fields, found 3' });
      const out = Buffer.concat(outChunks);
      expect(countLines(out)).toBe(lines - 4);
      expect(out.subarray(out.length - 200).toString()).toMatch(/\n200000,199999,2026-05-01,SKU-9999,.*"n, 199999"\n$/);
    });
  });
});

function countLines(buf: Buffer): number {
  let n = 0;
  for (let at = buf.indexOf(10); at >= 0; at = buf.indexOf(10, at + 1)) n++;
  return n;
}
