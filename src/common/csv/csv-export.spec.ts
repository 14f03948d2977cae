import { collectPages, toCsv, wantsCsv } from './csv-export';

describe('CSV export', () => {
  it('reads Accept for text/csv', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.5')).toBe(true);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });

  it('quotes as RFC 4180 says, joins lists, and defuses formulas', () => {
    const csv = toCsv<{ a: unknown; b: unknown }>(
      [
        ['a', (row) => row.a],
        ['b', (row) => row.b],
      ],
      [
        { a: 'plain', b: ['330000', '360000'] },
        { a: 'with, comma', b: 'say "hi"' },
        { a: '=HYPERLINK("x")', b: null },
        { a: '-12.50', b: 'line\nbreak' },
      ],
    );
    expect(csv).toBe('a,b\r\nplain,330000;360000\r\n"with, comma","say ""hi"""\r\n"\'=HYPERLINK(""x"")",\r\n-12.50,"line\nbreak"\r\n');
  });

  it('defuses a leading minus that is not a number', () => {
    expect(toCsv<{ a: string }>([['a', (row) => row.a]], [{ a: '-12.50' }, { a: '-2+3' }, { a: '-SUM(A1)' }])).toBe("a\r\n-12.50\r\n'-2+3\r\n'-SUM(A1)\r\n");
  });

  it('collects every page from the cursor on', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      start: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: null },
    };
    const seen: Array<string | undefined> = [];
    const all = await collectPages({ limit: 50, cursor: undefined }, async (query) => {
      seen.push(query.cursor);
      return pages[query.cursor ?? 'start'];
    });
    expect(all).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(seen).toEqual([undefined, 'b']);
  });
});
