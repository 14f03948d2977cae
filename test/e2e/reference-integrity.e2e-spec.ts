import { ensureDistributor, seedReferenceWorld, SeededWorld } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';

/** The rules that span rows: they must hold under concurrency, bulk calls and every path that can break them. */
describe('Reference data integrity (e2e)', () => {
  let t: TestApp;
  let world: SeededWorld;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const grant = (code: string, body: object) => t.http().post(`/api/v1/distributors/${code}/territories`).set(admin()).send(body);
  const newDistributor = (code: string, extra: object = {}) =>
    t
      .http()
      .post('/api/v1/distributors')
      .set(admin())
      .send({ code, name: code, homeRegionCode: '350000', ...extra })
      .expect(201);

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  describe('exclusive grants', () => {
    it('conflict with an exclusive grant on an ancestor region', async () => {
      await newDistributor('X-ANC');
      const response = await grant('X-ANC', { regionCode: '360102', validFrom: '2026-02-01' }).expect(409);
      expect(response.body.details.conflicts[0].conflictingGrant.distributorCode).toBe('JX-AG');
    });

    it('conflict when one side covers every line and the other one line, and on a single shared day', async () => {
      await newDistributor('X-DAY');
      await grant('X-DAY', { regionCode: '350200', productLine: 'snacks', channel: 'modern_trade', validFrom: '2026-12-31' }).expect(409);
      await grant('X-DAY', { regionCode: '350200', productLine: 'snacks', channel: 'modern_trade', validFrom: '2027-01-01' }).expect(201);
    });

    it('let only one of two concurrent conflicting grants through', async () => {
      await newDistributor('X-RACE-1');
      await newDistributor('X-RACE-2');
      const body = { regionCode: '350100', channel: 'ecommerce', validFrom: '2026-01-01' };
      const [a, b] = await Promise.all([grant('X-RACE-1', body), grant('X-RACE-2', body)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
    });

    it('refuse a new parent that would leave a sub-distributor’s grants over its old agent’s', async () => {
      const response = await t.http().patch('/api/v1/distributors/HZ-SUB').set(admin()).send({ parentCode: null }).expect(409);
      expect(response.body.code).toBe('TERRITORY_EXCLUSIVE_CONFLICT');
      expect((await t.http().get('/api/v1/distributors/HZ-SUB').set(admin()).expect(200)).body.parentCode).toBe('ZJ-GA');
    });

    it('refuse moving a region under another distributor’s exclusive territory', async () => {
      await t
        .http()
        .put('/api/v1/regions')
        .set(admin())
        .send([{ code: 'MOVE-C', name: 'Movable city', parentCode: 'CN', level: 'province' }])
        .expect(200);
      await newDistributor('X-MOVE');
      await grant('X-MOVE', { regionCode: 'MOVE-C', validFrom: '2026-01-01' }).expect(201);
      const response = await t
        .http()
        .put('/api/v1/regions')
        .set(admin())
        .send([{ code: 'MOVE-C', name: 'Movable city', parentCode: '360000', level: 'city' }])
        .expect(409);
      expect(response.body.code).toBe('REGION_MOVE_OVERLAPS_TERRITORIES');
      expect((await t.http().get('/api/v1/regions/MOVE-C').set(admin()).expect(200)).body.parentCode).toBe('CN');
    });

    it('can always be shortened', async () => {
      const ended = await t
        .http()
        .post(`/api/v1/distributors/HZ-SUB/territories/${world.ids.get('g-hz')}/end`)
        .set(admin())
        .send({ validTo: '2026-03-31' })
        .expect(200);
      expect(ended.body.validTo).toBe('2026-03-31');
    });
  });

  describe('bulk calls', () => {
    it('take 10,000 items in one call', async () => {
      const products = Array.from({ length: 10_000 }, (_, i) => ({ sku: `BULK-${i}`, name: `Bulk ${i}`, productLine: 'bulk' }));
      const response = await t.http().post('/api/v1/products').set(admin()).send(products).expect(201);
      expect(response.body.items).toHaveLength(10_000);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'product.created' AND entity_id LIKE 'BULK-%'`);
      expect(n).toBe(10_000);
      const floors = products.map((product) => ({ sku: product.sku, level: 'distributor', minUnitPrice: '1.00', validFrom: '2026-01-01' }));
      expect((await t.http().post('/api/v1/price-floors').set(admin()).send(floors).expect(201)).body.items).toHaveLength(10_000);
    });

    it('refuse 10,001 with 400', async () => {
      const products = Array.from({ length: 10_001 }, (_, i) => ({ sku: `OVER-${i}`, name: 'x', productLine: 'x' }));
      const response = await t.http().post('/api/v1/products').set(admin()).send(products).expect(400);
      expect(response.body.message).toContain('At most 10000 items per call');
    });
  });

  describe('bad input never yields 500', () => {
    it.each([
      ['/api/v1/distributors/NB-A', { name: null }],
      ['/api/v1/distributors/NB-A', { status: null }],
      ['/api/v1/distributors/NB-A', { homeRegionCode: null }],
      ['/api/v1/products/SNK-001', { name: null }],
      ['/api/v1/products/SNK-001', { unit: null }],
    ])('PATCH %s %j is a 400', async (path, body) => {
      const response = await t.http().patch(path).set(admin()).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('a PATCH of a user with a null password is a 400', async () => {
      const user = await createUser(t, 'field_rep');
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin()).send({ password: null }).expect(400);
    });

    it('a negative price below one is refused, not flipped positive', async () => {
      const response = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send({ sku: 'SNK-002', level: 'retail', minUnitPrice: '-0.50', validFrom: '2030-01-01' })
        .expect(400);
      expect(response.body.details).toEqual([{ field: 'minUnitPrice', problems: ['minUnitPrice must be greater than 0'] }]);
    });

    it('a body that is not JSON is a 415 saying what to send', async () => {
      const response = await t.http().post('/api/v1/distributors').set(admin()).set('Content-Type', 'text/plain').send('code=X').expect(415);
      expect(response.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') });
    });
  });

  describe('concurrent admins', () => {
    it('cannot demote each other at once: one active admin remains', async () => {
      const other = await createUser(t, 'admin');
      const me = (await t.http().get('/api/v1/auth/me').set(admin()).expect(200)).body.id;
      const [a, b] = await Promise.all([
        t.http().patch(`/api/v1/users/${other.id}`).set(admin()).send({ role: 'channel_manager' }),
        t.http().patch(`/api/v1/users/${me}`).auth(other.token, { type: 'bearer' }).send({ role: 'channel_manager' }),
      ]);
      expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`);
      expect(n).toBe(1);
      // Either may win: when the suite's admin was the one demoted, the other restores it, so the tests after this one keep theirs.
      if (b.status === 200) {
        await t.http().patch(`/api/v1/users/${me}`).auth(other.token, { type: 'bearer' }).send({ role: 'admin' }).expect(200);
        t.adminToken = await t.login(ADMIN.email, ADMIN.password);
      }
    });
  });

  describe('what a distributor may learn', () => {
    it('not who else holds a territory, nor another distributor’s permit', async () => {
      await ensureDistributor(t, 'ZJ-GA');
      const token = (await createUser(t, 'distributor', { distributorCode: 'ZJ-GA' })).token;
      const check = await t
        .http()
        .get('/api/v1/territory-check?distributorCode=ZJ-GA&regionCode=360102&sku=SNK-001&date=2026-05-10')
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(check.body).toMatchObject({ inTerritory: false, otherHolders: [] });
      const other = await t
        .http()
        .post('/api/v1/transfer-permits')
        .set(admin())
        .send({ distributorCode: 'JX-AG', regionCode: '330100', validFrom: '2026-01-01', validTo: '2026-01-31', reason: 'fair' })
        .expect(201);
      await t.http().get(`/api/v1/transfer-permits/${other.body.id}`).auth(token, { type: 'bearer' }).expect(404);
    });
  });
});
