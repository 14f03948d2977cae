import { useTestClient } from '../../test/support/test-database';

describe('uuid_v7_next (ids of a bulk insert)', () => {
  const client = useTestClient();

  it('gives distinct version-7 ids in counter order, in the time order of the uuid_v7() ids made before and after their base', async () => {
    const [{ earlier }] = (await client().query(`SELECT uuid_v7()::text AS earlier`)).rows;
    const [{ base }] = (await client().query(`SELECT uuid_v7() AS base`)).rows;
    const ids: string[] = (await client().query(`SELECT uuid_v7_next($1, n)::text AS id FROM generate_series(1, 5000) n ORDER BY n`, [base])).rows.map(
      (row: { id: string }) => row.id,
    );
    const [{ later }] = (await client().query(`SELECT uuid_v7()::text AS later`)).rows;

    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    // By time: the 48-bit millisecond timestamp (what orders ids made in the same millisecond differs by server version).
    const millis = (id: string) => id.replace(/-/g, '').slice(0, 12);
    expect(millis(ids[0]) >= millis(earlier)).toBe(true);
    expect(millis(ids[ids.length - 1]) <= millis(later)).toBe(true);
    for (const id of [ids[0], ids[4999]]) {
      // The timestamp, version and variant of the base stay; the counter sits in bytes 10 to 13.
      expect(id.slice(0, 23)).toBe(base.slice(0, 23));
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
    expect(ids[0].slice(24, 32)).toBe('00000001');
    expect(ids[4999].slice(24, 32)).toBe((5000).toString(16).padStart(8, '0'));
  });

  it('gives the ids of a batch in the order a keyset page reads them', async () => {
    const { rows } = await client().query(`
      SELECT bool_and(id > prev) AS ascending
      FROM (SELECT id, lag(id) OVER (ORDER BY n) AS prev FROM (SELECT n, uuid_v7_next((SELECT uuid_v7()), n) AS id FROM generate_series(1, 100000) n) ids) pairs
      WHERE prev IS NOT NULL`);
    expect(rows[0].ascending).toBe(true);
  });
});
