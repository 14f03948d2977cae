import { createTestApp, TestApp } from '../support/test-app';

describe('Products and price floors (e2e)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const floorCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM price_floor`))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    await t
      .http()
      .put('/api/v1/regions')
      .set(admin())
      .send([
        { code: 'CN', name: '中国', parentCode: null, level: 'country' },
        { code: '330000', name: '浙江省', parentCode: 'CN', level: 'province' },
      ])
      .expect(200);
  });
  afterAll(() => t.close());

  describe('products', () => {
    it('creates one, or many at once', async () => {
      const one = await t
        .http()
        .post('/api/v1/products')
        .set(admin())
        .send({ sku: 'P-1', name: 'Peanuts', productLine: 'snacks', gtin: '6901234567892', unit: 'bag' })
        .expect(201);
      expect(one.body).toMatchObject({ sku: 'P-1', name: 'Peanuts', productLine: 'snacks', gtin: '6901234567892', unit: 'bag' });
      const many = await t
        .http()
        .post('/api/v1/products')
        .set(admin())
        .send([
          { sku: 'P-2', name: 'Seeds', productLine: 'snacks' },
          { sku: 'P-3', name: 'Tea', productLine: 'beverages' },
        ])
        .expect(201);
      expect(many.body.items.map((p: { sku: string; unit: string }) => [p.sku, p.unit])).toEqual([
        ['P-2', 'unit'],
        ['P-3', 'unit'],
      ]);
    });

    it('refuses a taken SKU or GTIN with 409, and repeats within the payload with 400', async () => {
      expect((await t.http().post('/api/v1/products').set(admin()).send({ sku: 'P-1', name: 'x', productLine: 'snacks' }).expect(409)).body.code).toBe(
        'PRODUCT_EXISTS',
      );
      expect(
        (await t.http().post('/api/v1/products').set(admin()).send({ sku: 'P-9', name: 'x', productLine: 'snacks', gtin: '6901234567892' }).expect(409)).body
          .code,
      ).toBe('PRODUCT_GTIN_TAKEN');
      const repeated = await t
        .http()
        .post('/api/v1/products')
        .set(admin())
        .send([
          { sku: 'P-8', name: 'x', productLine: 'snacks' },
          { sku: 'P-8', name: 'y', productLine: 'snacks' },
        ])
        .expect(400);
      expect(repeated.body.details).toEqual([{ field: '[1].sku', problems: ['P-8 is also at [0]'] }]);
      await t.http().get('/api/v1/products/P-8').set(admin()).expect(404);
    });

    it('names each invalid field of each item', async () => {
      const response = await t
        .http()
        .post('/api/v1/products')
        .set(admin())
        .send([
          { sku: 'ok', name: 'ok', productLine: 'snacks' },
          { sku: 'has space', productLine: '', gtin: '12AB' },
        ])
        .expect(400);
      expect(response.body.details).toEqual(
        expect.arrayContaining([
          { field: '[1].sku', problems: ['sku must not contain spaces or control characters'] },
          { field: '[1].name', problems: expect.arrayContaining(['name must be a string']) },
          { field: '[1].productLine', problems: ['productLine should not be empty'] },
          { field: '[1].gtin', problems: ['gtin must be 8, 12, 13 or 14 digits'] },
        ]),
      );
    });

    it('lists by line and text, and changes a product with an audit row', async () => {
      const snacks = await t.http().get('/api/v1/products?productLine=snacks').set(admin()).expect(200);
      expect(snacks.body.items.map((p: { sku: string }) => p.sku)).toEqual(['P-1', 'P-2']);
      const byText = await t.http().get('/api/v1/products?q=tea').set(admin()).expect(200);
      expect(byText.body.items.map((p: { sku: string }) => p.sku)).toEqual(['P-3']);
      const changed = await t.http().patch('/api/v1/products/P-3').set(admin()).send({ name: 'Herbal tea' }).expect(200);
      expect(changed.body.name).toBe('Herbal tea');
      const trail = await t.http().get('/api/v1/audit-events?entityType=product&entityId=P-3').set(admin()).expect(200);
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['product.updated', 'product.created']);
    });
  });

  describe('price floors', () => {
    const floor = (terms: Record<string, unknown>) => ({ level: 'distributor', minUnitPrice: '10.00', validFrom: '2026-01-01', ...terms });

    it('stores exact decimals and answers them as strings', async () => {
      const fromNumber = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-1', minUnitPrice: 12.5 }))
        .expect(201);
      expect(fromNumber.body).toMatchObject({ sku: 'P-1', productLine: null, regionCode: null, channel: null, minUnitPrice: '12.50', validTo: null });
      const precise = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ productLine: 'snacks', minUnitPrice: '9.1234' }))
        .expect(201);
      expect(precise.body.minUnitPrice).toBe('9.1234');
      const [{ min_unit_price }] = await t.dataSource.query(`SELECT min_unit_price::text FROM price_floor WHERE id = $1`, [precise.body.id]);
      expect(min_unit_price).toBe('9.1234');
    });

    it.each([
      [{ sku: 'P-2', productLine: 'snacks' }, 'sku', 'give exactly one of sku and productLine'],
      [{}, 'sku', 'give exactly one of sku and productLine'],
      [{ sku: 'P-2', minUnitPrice: '-1.00' }, 'minUnitPrice', 'minUnitPrice must be greater than 0'],
      [{ sku: 'P-2', minUnitPrice: '0' }, 'minUnitPrice', 'minUnitPrice must be greater than 0'],
      [{ sku: 'P-2', minUnitPrice: '12,50' }, 'minUnitPrice', 'minUnitPrice must be a decimal amount such as "12.50" (up to 4 decimal places)'],
      [{ sku: 'P-2', minUnitPrice: '1.23456' }, 'minUnitPrice', 'minUnitPrice must be a decimal amount such as "12.50" (up to 4 decimal places)'],
      [{ sku: 'P-2', level: 'wholesale' }, 'level', 'level must be one of: distributor, retail'],
      [{ sku: 'P-2', validTo: '2025-12-31' }, 'validTo', 'validTo must not be before validFrom'],
    ])('refuses %j with 400 naming %s', async (terms, field, problem) => {
      const before = await floorCount();
      const response = await t.http().post('/api/v1/price-floors').set(admin()).send(floor(terms)).expect(400);
      expect(response.body.details).toEqual([{ field, problems: expect.arrayContaining([problem]) }]);
      expect(await floorCount()).toBe(before);
    });

    it('refuses unknown SKUs and regions with 422 naming the item', async () => {
      const response = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send([floor({ sku: 'P-2' }), floor({ sku: 'NOPE' })])
        .expect(422);
      expect(response.body).toMatchObject({ code: 'PRODUCT_UNKNOWN', details: [{ field: '[1].sku', problems: ['no product NOPE'] }] });
      const region = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '999999' }))
        .expect(422);
      expect(region.body).toMatchObject({ code: 'REGION_UNKNOWN', details: [{ field: 'regionCode', problems: ['no region 999999'] }] });
    });

    it('refuses a floor with the same scope and level on overlapping dates, naming the one it overlaps', async () => {
      const first = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '330000', validTo: '2026-06-30' }))
        .expect(201);
      const response = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '330000', validFrom: '2026-06-30', minUnitPrice: '11' }))
        .expect(409);
      expect(response.body.code).toBe('PRICE_FLOOR_OVERLAP');
      expect(response.body.message).toContain(first.body.id);
      // A different channel or level, or the day after, is a different floor.
      await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '330000', validFrom: '2026-07-01', minUnitPrice: '11' }))
        .expect(201);
      await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '330000', channel: 'ecommerce' }))
        .expect(201);
      await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ sku: 'P-2', regionCode: '330000', level: 'retail' }))
        .expect(201);
    });

    it('refuses overlapping floors within one payload', async () => {
      const response = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send([floor({ productLine: 'beverages' }), floor({ productLine: 'beverages', validFrom: '2026-03-01' })])
        .expect(409);
      expect(response.body.details).toEqual([{ field: '[1]', problems: ['overlaps [0]: same scope and level on overlapping dates'] }]);
    });

    it('keeps the database as the last word: a racing duplicate is still refused', async () => {
      const [a, b] = await Promise.all([
        t
          .http()
          .post('/api/v1/price-floors')
          .set(admin())
          .send(floor({ productLine: 'race', minUnitPrice: '1.00' })),
        t
          .http()
          .post('/api/v1/price-floors')
          .set(admin())
          .send(floor({ productLine: 'race', minUnitPrice: '2.00' })),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
    });

    it('ends a floor so the next can start the day after', async () => {
      const current = await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ productLine: 'nuts' }))
        .expect(201);
      await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ productLine: 'nuts', validFrom: '2026-09-01' }))
        .expect(409);
      const ended = await t.http().post(`/api/v1/price-floors/${current.body.id}/end`).set(admin()).send({ validTo: '2026-08-31' }).expect(200);
      expect(ended.body.validTo).toBe('2026-08-31');
      await t
        .http()
        .post('/api/v1/price-floors')
        .set(admin())
        .send(floor({ productLine: 'nuts', validFrom: '2026-09-01', minUnitPrice: '10.50' }))
        .expect(201);
      const list = await t.http().get('/api/v1/price-floors?productLine=nuts&activeOn=2026-09-15').set(admin()).expect(200);
      expect(list.body.items.map((f: { minUnitPrice: string }) => f.minUnitPrice)).toEqual(['10.50']);
    });

    it('answers the applicable floor with sensible defaults, and 422 for an unknown SKU', async () => {
      const response = await t.http().get('/api/v1/price-floors/applicable?sku=P-1').set(admin()).expect(200);
      expect(response.body).toMatchObject({
        sku: 'P-1',
        productLine: 'snacks',
        level: 'distributor',
        regionCode: null,
        floor: { sku: 'P-1', minUnitPrice: '12.50' },
      });
      expect(response.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const unknown = await t.http().get('/api/v1/price-floors/applicable?sku=NOPE').set(admin()).expect(422);
      expect(unknown.body.code).toBe('PRODUCT_UNKNOWN');
    });
  });
});
