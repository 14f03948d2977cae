import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { formatCode, parseRange, rangesOverlap, splitCode } from './serial-code';
import { codeNumberSql, codePrefixSql, codeWidthSql, isCodeSql } from './serial-code.sql';

/** The same cases for the TypeScript split and the SQL one. */
const CODES: Array<[string, { prefix: string; width: number; number: string } | null]> = [
  ['ZJ000123', { prefix: 'ZJ', width: 6, number: '123' }],
  ['  ZJ000123 ', { prefix: 'ZJ', width: 6, number: '123' }],
  ['A1B2', { prefix: 'A1B', width: 1, number: '2' }],
  ['123456', { prefix: '', width: 6, number: '123456' }],
  ['LOT-X', { prefix: 'LOT-X', width: 0, number: '0' }],
  ['SN-0000000000000000000042', { prefix: 'SN-0000', width: 18, number: '42' }],
  ['6901234567890', { prefix: '', width: 13, number: '6901234567890' }],
  ['has space1', null],
  ['', null],
  ['x'.repeat(65), null],
];

describe('serial codes', () => {
  it.each(CODES)('splits %p', (code, expected) => {
    const split = splitCode(code);
    expect(split === null ? null : { prefix: split.prefix, width: split.width, number: split.first.toString() }).toEqual(expected);
  });

  it('reads a range of one prefix and width', () => {
    expect(parseRange('ZJ0000001', 'ZJ0100000')).toEqual({ prefix: 'ZJ', width: 7, first: 1n, last: 100000n });
    expect(parseRange('ZJ0000001', 'ZJ0000001')).toEqual({ prefix: 'ZJ', width: 7, first: 1n, last: 1n });
  });

  it.each([
    ['ZJ001', 'FJ999', 'from and to must share their prefix and the width of their numeric part'],
    ['ZJ001', 'ZJ0999', 'from and to must share their prefix and the width of their numeric part'],
    ['ZJ999', 'ZJ001', 'to must not be before from'],
    ['ZJ-A', 'ZJ-B', 'a range needs codes that end in digits'],
    ['ZJ0000000000', 'ZJ9999999999', 'a range may hold at most 1000000000 codes'],
  ])('refuses the range %s..%s', (from, to, reason) => expect(parseRange(from, to)).toBe(reason));

  it('formats a code back', () => {
    expect(formatCode('ZJ', 6, 123n)).toBe('ZJ000123');
    expect(formatCode('LOT-X', 0, 0n)).toBe('LOT-X');
  });

  it('sees overlaps only within one prefix and width', () => {
    const range = parseRange('ZJ0100', 'ZJ0200') as Exclude<ReturnType<typeof parseRange>, string>;
    expect(rangesOverlap(range, splitCode('ZJ0200')!)).toBe(true);
    expect(rangesOverlap(range, splitCode('ZJ0201')!)).toBe(false);
    expect(rangesOverlap(range, splitCode('ZJ00150')!)).toBe(false);
    expect(rangesOverlap(range, splitCode('FJ0150')!)).toBe(false);
  });

  describe('in SQL', () => {
    let database: TestDatabase;
    let dataSource: DataSource;

    beforeAll(async () => {
      database = await createTestDatabase();
      dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    });
    afterAll(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    it('splits every case as TypeScript does', async () => {
      const rows: Array<{ code: string; valid: boolean; prefix: string; width: number; number: string }> = await dataSource.query(
        `SELECT code, ${isCodeSql('code')} AS valid, ${codePrefixSql('code')} AS prefix, ${codeWidthSql('code')} AS width, ${codeNumberSql('code')}::text AS number
         FROM unnest($1::text[]) AS code`,
        [CODES.map(([code]) => code)],
      );
      expect(rows.map((row) => (row.valid ? { prefix: row.prefix, width: row.width, number: row.number } : null))).toEqual(
        CODES.map(([, expected]) => expected),
      );
    });
  });
});
