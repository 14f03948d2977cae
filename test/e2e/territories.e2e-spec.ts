import { ensureDistributor, seedReferenceWorld, SeededWorld } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { COVERAGE_CASES, FLOOR_CASES } from '../rules/reference-world';
import { createTestApp, TestApp } from '../support/test-app';

describe('Distributors, territories, permits and the territory check (e2e)', () => {
  let t: TestApp;
  let world: SeededWorld;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const admin = () => as(t.adminToken);

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  describe('the rule table through HTTP', () => {
    it.each(COVERAGE_CASES.filter((c) => c.offenderCode === undefined).map((c) => [c.name, c] as const))('territory-check: %s', async (_name, c) => {
      const query = new URLSearchParams({
        distributorCode: c.distributorCode,
        regionCode: c.regionCode,
        sku: c.sku,
        date: c.date,
        ...(c.channel ? { channel: c.channel } : {}),
      });
      const response = await t.http().get(`/api/v1/territory-check?${query}`).set(admin()).expect(200);
      expect(response.body).toMatchObject({
        inTerritory: c.inTerritory,
        allowed: c.inTerritory || c.permitted,
        distributorCode: c.distributorCode,
        regionCode: c.regionCode,
        date: c.date,
        otherHolders: c.victims,
      });
      expect(response.body.grants.length > 0).toBe(c.inTerritory);
      expect(response.body.permits.length > 0).toBe(c.permitted);
    });

    it.each(FLOOR_CASES.map((c) => [c.name, c] as const))('price-floors/applicable: %s', async (_name, c) => {
      const query = new URLSearchParams({ sku: c.sku, regionCode: c.regionCode, level: c.level, date: c.date, ...(c.channel ? { channel: c.channel } : {}) });
      const response = await t.http().get(`/api/v1/price-floors/applicable?${query}`).set(admin()).expect(200);
      expect(response.body.floor?.id ?? null).toBe(c.floorId === null ? null : world.ids.get(c.floorId));
      expect(response.body).toMatchObject({ sku: c.sku, regionCode: c.regionCode, level: c.level, date: c.date });
    });
  });

  describe('distributors', () => {
    it('lists with filters: home region within a region, parent, text', async () => {
      const inZhejiang = await t.http().get('/api/v1/distributors?homeRegionCode=330000').set(admin()).expect(200);
      expect(inZhejiang.body.items.map((d: { code: string }) => d.code)).toEqual(['HZ-SUB', 'NB-A', 'NB-B', 'ZJ-GA']);
      const subs = await t.http().get('/api/v1/distributors?parentCode=ZJ-GA').set(admin()).expect(200);
      expect(subs.body.items.map((d: { code: string }) => d.code)).toEqual(['HZ-SUB']);
      const text = await t.http().get('/api/v1/distributors?q=jiangxi').set(admin()).expect(200);
      expect(text.body.items.map((d: { code: string }) => d.code)).toEqual(['JX-AG']);
    });

    it('refuses bad references with 422 naming the field, and a duplicate with 409', async () => {
      const unknownRegion = await t.http().post('/api/v1/distributors').set(admin()).send({ code: 'X-1', name: 'x', homeRegionCode: 'NOWHERE' }).expect(422);
      expect(unknownRegion.body).toMatchObject({ code: 'REGION_UNKNOWN', details: [{ field: 'homeRegionCode', problems: ['no region NOWHERE'] }] });
      const unknownParent = await t
        .http()
        .post('/api/v1/distributors')
        .set(admin())
        .send({ code: 'X-1', name: 'x', homeRegionCode: 'CN', parentCode: 'NOPE' })
        .expect(422);
      expect(unknownParent.body).toMatchObject({ code: 'DISTRIBUTOR_UNKNOWN', details: [{ field: 'parentCode', problems: ['no distributor NOPE'] }] });
      const duplicate = await t.http().post('/api/v1/distributors').set(admin()).send({ code: 'ZJ-GA', name: 'again', homeRegionCode: 'CN' }).expect(409);
      expect(duplicate.body.code).toBe('DISTRIBUTOR_EXISTS');
      const missingName = await t.http().post('/api/v1/distributors').set(admin()).send({ code: 'X-2', homeRegionCode: 'CN' }).expect(400);
      expect(missingName.body.details.map((d: { field: string }) => d.field)).toEqual(['name']);
    });

    it('records a status change in the audit trail', async () => {
      await ensureDistributor(t, 'STATUS-1');
      const response = await t.http().patch('/api/v1/distributors/STATUS-1').set(admin()).send({ status: 'suspended' }).expect(200);
      expect(response.body.status).toBe('suspended');
      const trail = await t
        .http()
        .get('/api/v1/audit-events?entityType=distributor&entityId=STATUS-1&action=distributor.status_changed')
        .set(admin())
        .expect(200);
      expect(trail.body.items).toHaveLength(1);
      expect(trail.body.items[0].before.status).toBe('active');
      expect(trail.body.items[0].after.status).toBe('suspended');
    });

    it('refuses to make a distributor work under its own sub-distributor', async () => {
      const response = await t.http().patch('/api/v1/distributors/ZJ-GA').set(admin()).send({ parentCode: 'HZ-SUB' }).expect(422);
      expect(response.body.code).toBe('DISTRIBUTOR_PARENT_CYCLE');
    });
  });

  describe('territory grants', () => {
    const grantsOf = async (code: string) => (await t.http().get(`/api/v1/distributors/${code}/territories?limit=1000`).set(admin()).expect(200)).body.items;

    beforeAll(async () => {
      await t.http().post('/api/v1/distributors').set(admin()).send({ code: 'NEW-1', name: 'Newcomer', homeRegionCode: '350000' }).expect(201);
      await t
        .http()
        .post('/api/v1/distributors')
        .set(admin())
        .send({ code: 'ZJ-SUB2', name: 'Ningbo sub', homeRegionCode: '330200', parentCode: 'ZJ-GA' })
        .expect(201);
      await t
        .http()
        .post('/api/v1/distributors')
        .set(admin())
        .send({ code: 'HZ-SUBSUB', name: 'Xihu sub-sub', homeRegionCode: '330106', parentCode: 'HZ-SUB' })
        .expect(201);
    });

    it("refuses an exclusive grant overlapping another distributor's exclusive grant, naming it, and stores nothing", async () => {
      const response = await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send({ regionCode: '350200', validFrom: '2026-03-01' })
        .expect(409);
      expect(response.body).toMatchObject({
        code: 'TERRITORY_EXCLUSIVE_CONFLICT',
        details: { conflicts: [{ grantIndex: 0, conflictingGrant: { id: world.ids.get('g-fj'), distributorCode: 'FJ-AG', regionCode: '350000' } }] },
      });
      expect(response.body.message).toContain("FJ-AG's exclusive grant");
      expect(await grantsOf('NEW-1')).toEqual([]);
    });

    it('allows exclusive grants that do not overlap: another channel, or after the other ends', async () => {
      await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send({ regionCode: '350200', channel: 'ecommerce', validFrom: '2026-03-01' })
        .expect(201);
      await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send({ regionCode: '350200', channel: 'modern_trade', validFrom: '2027-01-01' })
        .expect(201);
      expect(await grantsOf('NEW-1')).toHaveLength(2);
    });

    it('lets sub-distributors overlap the distributors they work under, at any depth, and shared grants overlap anyone', async () => {
      await t.http().post('/api/v1/distributors/ZJ-SUB2/territories').set(admin()).send({ regionCode: '330200', validFrom: '2026-01-01' }).expect(201);
      await t
        .http()
        .post('/api/v1/distributors/HZ-SUBSUB/territories')
        .set(admin())
        .send({ regionCode: '330106', productLine: 'snacks', validFrom: '2026-02-01', validTo: '2026-03-31' })
        .expect(201);
      await t
        .http()
        .post('/api/v1/distributors/JX-AG/territories')
        .set(admin())
        .send({ regionCode: '330200', validFrom: '2026-01-01', exclusive: false })
        .expect(201);
    });

    it('takes many grants in one call, all or nothing', async () => {
      const refused = await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send([
          { regionCode: '350100', channel: 'ecommerce', validFrom: '2026-01-01' },
          { regionCode: 'NOWHERE', validFrom: '2026-01-01' },
        ])
        .expect(422);
      expect(refused.body).toMatchObject({ code: 'REGION_UNKNOWN', details: [{ field: '[1].regionCode', problems: ['no region NOWHERE'] }] });
      expect(await grantsOf('NEW-1')).toHaveLength(2);
      const accepted = await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send([
          { regionCode: '350100', channel: 'ecommerce', validFrom: '2026-01-01' },
          { regionCode: '360102', channel: 'ecommerce', validFrom: '2026-01-01', exclusive: false },
        ])
        .expect(201);
      expect(accepted.body.items).toHaveLength(2);
      expect(accepted.body.items[1]).toMatchObject({ regionCode: '360102', exclusive: false, validTo: null });
    });

    it('refuses validTo before validFrom and malformed dates, naming the field', async () => {
      const response = await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send({ regionCode: '350100', validFrom: '2026-05-01', validTo: '2026-04-30' })
        .expect(400);
      expect(response.body.details).toEqual([{ field: 'validTo', problems: ['validTo must not be before validFrom'] }]);
      const malformed = await t
        .http()
        .post('/api/v1/distributors/NEW-1/territories')
        .set(admin())
        .send({ regionCode: '350100', validFrom: '2026-02-30' })
        .expect(400);
      expect(malformed.body.details).toEqual([{ field: 'validFrom', problems: ['validFrom must be a date as YYYY-MM-DD'] }]);
    });

    it('ends a grant: the day after its new validTo is out of territory', async () => {
      const [grant] = (await grantsOf('NEW-1')).filter((g: { regionCode: string; validFrom: string }) => g.regionCode === '350100');
      await t.http().post(`/api/v1/distributors/NEW-1/territories/${grant.id}/end`).set(admin()).send({ validTo: '2026-08-31' }).expect(200);
      const check = (date: string) =>
        t.http().get(`/api/v1/territory-check?distributorCode=NEW-1&regionCode=350100&sku=SNK-001&channel=ecommerce&date=${date}`).set(admin()).expect(200);
      expect((await check('2026-08-31')).body.inTerritory).toBe(true);
      expect((await check('2026-09-01')).body.inTerritory).toBe(false);
      const early = await t.http().post(`/api/v1/distributors/NEW-1/territories/${grant.id}/end`).set(admin()).send({ validTo: '2025-01-01' }).expect(422);
      expect(early.body.code).toBe('TERRITORY_GRANT_END_BEFORE_START');
    });
  });

  describe('transfer permits', () => {
    it('refuses both a SKU and a product line, and unknown references', async () => {
      const base = { distributorCode: 'ZJ-GA', regionCode: '360100', validFrom: '2026-07-01', validTo: '2026-07-31', reason: 'promotion' };
      const both = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({ ...base, sku: 'SNK-001', productLine: 'snacks' })
        .expect(400);
      expect(both.body.details).toEqual([{ field: 'sku', problems: ['give productLine or sku, not both'] }]);
      const sku = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({ ...base, sku: 'NOPE' })
        .expect(422);
      expect(sku.body).toMatchObject({ code: 'PRODUCT_UNKNOWN', details: [{ field: 'sku' }] });
      const distributor = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({ ...base, distributorCode: 'NOPE' })
        .expect(422);
      expect(distributor.body).toMatchObject({ code: 'DISTRIBUTOR_UNKNOWN', details: [{ field: 'distributorCode' }] });
      const noEnd = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({ ...base, validTo: undefined })
        .expect(400);
      expect(noEnd.body.details[0].field).toBe('validTo');
    });

    it('makes a sale allowed while live, and not once revoked', async () => {
      const permit = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({
          distributorCode: 'ZJ-GA',
          regionCode: '360100',
          productLine: 'beverages',
          validFrom: '2026-07-01',
          validTo: '2026-07-31',
          maxQuantity: 500,
          reason: 'clearance',
        })
        .expect(201);
      expect(permit.body).toMatchObject({ maxQuantity: 500, revokedAt: null });
      const check = () => t.http().get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=360102&sku=BEV-001&date=2026-07-15').set(admin()).expect(200);
      expect((await check()).body).toMatchObject({ inTerritory: false, allowed: true, otherHolders: ['JX-AG'] });
      await t.http().post(`/api/v1/transfer-permits/${permit.body.id}/revoke`).set(admin()).send({ reason: 'cancelled' }).expect(200);
      expect((await check()).body).toMatchObject({ inTerritory: false, allowed: false, permits: [] });
      const again = await t.http().post(`/api/v1/transfer-permits/${permit.body.id}/revoke`).set(admin()).send({}).expect(409);
      expect(again.body.code).toBe('TRANSFER_PERMIT_ALREADY_REVOKED');
      const listed = await t.http().get('/api/v1/transfer-permits?distributorCode=ZJ-GA&includeRevoked=true').set(admin()).expect(200);
      expect(listed.body.items.some((p: { id: string }) => p.id === permit.body.id)).toBe(true);
    });
  });

  describe('the territory check', () => {
    it('refuses unknown references with 422 naming the field', async () => {
      const distributor = await t.http().get('/api/v1/territory-check?distributorCode=NOPE&regionCode=330000&sku=SNK-001').set(admin()).expect(422);
      expect(distributor.body).toMatchObject({ code: 'DISTRIBUTOR_UNKNOWN', details: [{ field: 'distributorCode', problems: ['no distributor NOPE'] }] });
      const region = await t.http().get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=NOPE&sku=SNK-001').set(admin()).expect(422);
      expect(region.body.details).toEqual([{ field: 'regionCode', problems: ['no region NOPE'] }]);
      const sku = await t.http().get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=330000&sku=NOPE').set(admin()).expect(422);
      expect(sku.body.details).toEqual([{ field: 'sku', problems: ['no product NOPE'] }]);
      const missing = await t.http().get('/api/v1/territory-check?regionCode=330000').set(admin()).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(['distributorCode']);
    });

    it('defaults the date to today', async () => {
      const response = await t.http().get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=330106&sku=SNK-001').set(admin()).expect(200);
      expect(response.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(response.body.inTerritory).toBe(true);
    });
  });

  describe('what a distributor may see', () => {
    let token: string;

    beforeAll(async () => {
      token = (await createUser(t, 'distributor', { distributorCode: 'ZJ-GA' })).token;
    });

    it('its own record, grants, permits and territory checks only', async () => {
      const list = await t.http().get('/api/v1/distributors').set(as(token)).expect(200);
      expect(list.body.items.map((d: { code: string }) => d.code)).toEqual(['ZJ-GA']);
      await t.http().get('/api/v1/distributors/ZJ-GA').set(as(token)).expect(200);
      await t.http().get('/api/v1/distributors/JX-AG').set(as(token)).expect(404);
      await t.http().get('/api/v1/distributors/ZJ-GA/territories').set(as(token)).expect(200);
      await t.http().get('/api/v1/distributors/JX-AG/territories').set(as(token)).expect(404);
      const permits = await t.http().get('/api/v1/transfer-permits?includeRevoked=true').set(as(token)).expect(200);
      expect(permits.body.items.length).toBeGreaterThan(0);
      expect(permits.body.items.every((p: { distributorCode: string }) => p.distributorCode === 'ZJ-GA')).toBe(true);
      await t.http().get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=330106&sku=SNK-001').set(as(token)).expect(200);
      await t.http().get('/api/v1/territory-check?distributorCode=JX-AG&regionCode=360102&sku=SNK-001').set(as(token)).expect(404);
    });

    it('nothing of the catalog or the region tree, and no writes', async () => {
      await t.http().get('/api/v1/products').set(as(token)).expect(403);
      await t.http().get('/api/v1/price-floors').set(as(token)).expect(403);
      await t.http().get('/api/v1/regions').set(as(token)).expect(403);
      await t.http().patch('/api/v1/distributors/ZJ-GA').set(as(token)).send({ name: 'mine' }).expect(403);
      await t.http().post('/api/v1/distributors/ZJ-GA/territories').set(as(token)).send({ regionCode: '360000', validFrom: '2026-01-01' }).expect(403);
    });

    it('field reps read everything but change nothing', async () => {
      const rep = (await createUser(t, 'field_rep')).token;
      await t.http().get('/api/v1/distributors/JX-AG/territories').set(as(rep)).expect(200);
      await t.http().get('/api/v1/price-floors').set(as(rep)).expect(200);
      await t.http().post('/api/v1/transfer-permits').set(as(rep)).send({}).expect(403);
      await t.http().post('/api/v1/price-floors').set(as(rep)).send({}).expect(403);
    });
  });
});
