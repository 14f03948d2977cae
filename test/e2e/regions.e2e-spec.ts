import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

const CHINA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'regions-cn.json'), 'utf8')) as Array<{
  code: string;
  parentCode: string | null;
  level: string;
}>;

describe('Regions (e2e)', () => {
  let t: TestApp;
  const put = (body: unknown) =>
    t
      .http()
      .put('/api/v1/regions')
      .auth(t.adminToken, { type: 'bearer' })
      .send(body as object);
  const get = (path: string) => t.http().get(`/api/v1${path}`).auth(t.adminToken, { type: 'bearer' });
  const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM region`))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('the China data file', () => {
    it('loads in one call: every provincial-level division and the cities of Zhejiang, Jiangxi and Fujian', async () => {
      const response = await put(CHINA).expect(200);
      expect(response.body).toEqual({ received: CHINA.length, inserted: CHINA.length, updated: 0, unchanged: 0 });
      expect(CHINA.filter((row) => row.level === 'province')).toHaveLength(34);
      const provinces = await get('/regions?level=province&limit=100').expect(200);
      expect(provinces.body.items.map((region: { code: string }) => region.code)).toEqual(expect.arrayContaining(['330000', '360000', '350000', '810000']));
      const zhejiangCities = await get('/regions?parentCode=330000').expect(200);
      expect(zhejiangCities.body.items).toHaveLength(11);
      expect((await get('/regions?parentCode=360000').expect(200)).body.items).toHaveLength(11);
      expect((await get('/regions?parentCode=350000').expect(200)).body.items).toHaveLength(9);
    });

    it('answers a region with its path from the root, depth and province', async () => {
      const response = await get('/regions/330106').expect(200);
      expect(response.body).toEqual({
        code: '330106',
        name: '西湖区',
        parentCode: '330100',
        level: 'district',
        depth: 3,
        provinceCode: '330000',
        ancestors: [
          { code: 'CN', name: '中华人民共和国', level: 'country' },
          { code: '330000', name: '浙江省', level: 'province' },
          { code: '330100', name: '杭州市', level: 'city' },
        ],
        childCount: 0,
      });
    });

    it('stores nothing new when the same file is sent again', async () => {
      const response = await put(CHINA).expect(200);
      expect(response.body).toEqual({ received: CHINA.length, inserted: 0, updated: 0, unchanged: CHINA.length });
    });

    it('filters by descendants of a region and by name, paginating by code', async () => {
      const within = await get('/regions?within=360000&limit=1000').expect(200);
      expect(within.body.items).toHaveLength(11 + 9);
      const byName = await get(`/regions?q=${encodeURIComponent('杭州')}`).expect(200);
      expect(byName.body.items.map((region: { code: string }) => region.code)).toEqual(['330100']);
      const first = await get('/regions?level=province&limit=20').expect(200);
      const second = await get(`/regions?level=province&limit=20&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items).toHaveLength(14);
      expect(second.body.nextCursor).toBeNull();
      expect(first.body.items[19].code < second.body.items[0].code).toBe(true);
    });
  });

  describe('PUT /regions', () => {
    it('accepts children before their parents in the payload and numeric levels', async () => {
      const response = await put([
        { code: 'T-CITY', name: 'Test city', parentCode: 'T-PROV', level: 2 },
        { code: 'T-PROV', name: 'Test province', parentCode: 'CN', level: 1 },
      ]).expect(200);
      expect(response.body).toMatchObject({ inserted: 2 });
      expect((await get('/regions/T-CITY').expect(200)).body).toMatchObject({ level: 'city', depth: 2, provinceCode: 'T-PROV' });
    });

    it('re-parents a region and keeps its descendants’ paths current', async () => {
      await put([{ code: 'T-DIST', name: 'Test district', parentCode: 'T-CITY', level: 'district' }]).expect(200);
      await put([{ code: 'T-CITY', name: 'Test city', parentCode: '360000', level: 'city' }]).expect(200);
      const moved = await get('/regions/T-DIST').expect(200);
      expect(moved.body.ancestors.map((region: { code: string }) => region.code)).toEqual(['CN', '360000', 'T-CITY']);
      expect(moved.body.provinceCode).toBe('360000');
    });

    it('lists every malformed row by index and stores nothing', async () => {
      const before = await count();
      const response = await put([
        { code: 'OK-1', name: 'fine', parentCode: 'CN', level: 'province' },
        { code: 'BAD 1', name: '', parentCode: 'CN', level: 'planet' },
        { code: 'OK-1', name: 'again', parentCode: 'CN', level: 'province', colour: 'red' },
        'not an object',
      ]).expect(400);
      expect(response.body.code).toBe('REGION_INVALID_ROWS');
      expect(response.body.details.problems).toEqual(
        expect.arrayContaining([
          { index: 1, field: 'code', message: 'code must be 1-64 characters without spaces' },
          { index: 1, field: 'name', message: 'name must be a non-empty string of at most 200 characters' },
          { index: 1, field: 'level', message: 'level must be one of country, province, city, district, township (or 0-4)' },
          { index: 2, field: 'colour', message: 'property colour should not exist' },
          { index: 2, field: 'code', message: 'code OK-1 is also at index 0' },
          { index: 3, message: 'must be an object {code, name, parentCode, level}' },
        ]),
      );
      expect(response.body.details.totalProblems).toBe(6);
      expect(await count()).toBe(before);
    });

    it('refuses an unknown parent with 422 naming the row, and stores nothing', async () => {
      const before = await count();
      const response = await put([
        { code: 'U-1', name: 'fine', parentCode: 'CN', level: 'province' },
        { code: 'U-2', name: 'orphan', parentCode: 'NOWHERE', level: 'city' },
      ]).expect(422);
      expect(response.body).toMatchObject({
        code: 'REGION_PARENT_UNKNOWN',
        details: { problems: [{ index: 1, field: 'parentCode', message: 'unknown parent NOWHERE' }], totalProblems: 1 },
      });
      expect(await count()).toBe(before);
    });

    it('refuses a cycle', async () => {
      await put([
        { code: 'C-A', name: 'A', parentCode: null, level: 'country' },
        { code: 'C-B', name: 'B', parentCode: 'C-A', level: 'province' },
      ]).expect(200);
      const response = await put([{ code: 'C-A', name: 'A', parentCode: 'C-B', level: 'country' }]).expect(422);
      expect(response.body.code).toBe('REGION_CYCLE');
      expect(response.body.message).toContain('C-A > C-B > C-A');
      expect((await get('/regions/C-A').expect(200)).body.parentCode).toBeNull();
    });

    it('refuses a child whose level is not deeper than its parent’s', async () => {
      const response = await put([
        { code: 'L-1', name: 'ok', parentCode: '330100', level: 'district' },
        { code: 'L-2', name: 'too shallow', parentCode: '330100', level: 'province' },
      ]).expect(422);
      expect(response.body).toMatchObject({ code: 'REGION_LEVEL_NOT_DEEPER' });
      expect(response.body.details.problems).toEqual([{ index: 1, field: 'level', message: 'L-2 (province) is not deeper than its parent 330100 (city)' }]);
      await get('/regions/L-1').expect(404);
    });

    it('takes 20,000 regions in one atomic call, and none of them when one row is bad', async () => {
      const rows = [{ code: 'BIG', name: 'Big province', parentCode: 'CN', level: 'province' }];
      for (let city = 0; city < 200; city += 1) {
        rows.push({ code: `BIG-${city}`, name: `City ${city}`, parentCode: 'BIG', level: 'city' });
        for (let district = 0; district < 99; district += 1) {
          rows.push({ code: `BIG-${city}-${district}`, name: `District ${city}.${district}`, parentCode: `BIG-${city}`, level: 'district' });
        }
      }
      expect(rows).toHaveLength(20_001);
      const before = await count();
      const bad = [...rows.slice(0, 20_000), { code: 'BIG-X', name: 'x', parentCode: 'MISSING', level: 'city' }];
      const refused = await put(bad).expect(422);
      expect(refused.body.details.problems).toEqual([{ index: 20_000, field: 'parentCode', message: 'unknown parent MISSING' }]);
      expect(await count()).toBe(before);

      const accepted = await put(rows).expect(200);
      expect(accepted.body).toMatchObject({ received: 20_001, inserted: 20_001 });
      expect((await get('/regions/BIG-199-98').expect(200)).body).toMatchObject({ depth: 3, provinceCode: 'BIG' });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM region_closure WHERE ancestor_code = 'BIG'`);
      expect(n).toBe(20_001);
    });

    it('records each change in the audit trail, with what the region was and became', async () => {
      await put([{ code: 'A-1', name: 'Audited', parentCode: 'CN', level: 'province' }]).expect(200);
      await put([{ code: 'A-1', name: 'Audited', parentCode: '330000', level: 'city' }]).expect(200);
      const trail = await get('/audit-events?entityType=region&entityId=A-1').expect(200);
      expect(trail.body.items.map((event: { action: string; before: unknown; after: unknown }) => [event.action, event.before, event.after])).toEqual([
        [
          'region.updated',
          { code: 'A-1', name: 'Audited', parentCode: 'CN', level: 'province' },
          { code: 'A-1', name: 'Audited', parentCode: '330000', level: 'city' },
        ],
        ['region.created', null, { code: 'A-1', name: 'Audited', parentCode: 'CN', level: 'province' }],
      ]);
    });
  });

  describe('access', () => {
    it('lets field reps read but not write, and keeps distributors out', async () => {
      const rep = await createUser(t, 'field_rep');
      await t.http().get('/api/v1/regions/330000').auth(rep.token, { type: 'bearer' }).expect(200);
      await t.http().put('/api/v1/regions').auth(rep.token, { type: 'bearer' }).send([]).expect(403);
      const distributor = await createUser(t, 'distributor', { distributorCode: 'REG-D' });
      await t.http().get('/api/v1/regions').auth(distributor.token, { type: 'bearer' }).expect(403);
    });

    it('answers an unknown region with 404', async () => {
      const response = await get('/regions/999999').expect(404);
      expect(response.body.code).toBe('REGION_NOT_FOUND');
    });
  });
});
