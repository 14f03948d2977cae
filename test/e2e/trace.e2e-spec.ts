import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Whose goods these are: serials bound alone and in ranges, codes packed in
 * cases and pallets, lots shipped to one distributor or to several.
 */
describe('Code tracing (e2e)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const trace = (path: string) => t.http().get(`/api/v1/trace/${path}`).set(admin());
  const pack = (parentCode: string, childCodes: string[]) => t.http().post('/api/v1/code-aggregations').set(admin()).send({ parentCode, childCodes });

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    const shipment = (shipmentRef: string, distributorCode: string, shippedAt: string, lines: object[]) =>
      t.http().post('/api/v1/shipments').set(admin()).send({ shipmentRef, distributorCode, shippedAt, lines }).expect(201);
    await shipment('SH-ZJ-1', 'ZJ-GA', '2026-04-01T08:00:00Z', [
      { sku: 'SNK-001', quantity: 100, unitPrice: '9.00', lot: 'L-ZJ', serials: ['ZJ-S-0001'], serialRanges: [{ from: 'ZJ000001', to: 'ZJ100000' }] },
      { sku: 'SNK-002', quantity: 10, unitPrice: '9.00', serials: ['PALLET-7'] },
    ]);
    await shipment('SH-JX-1', 'JX-AG', '2026-04-02T08:00:00Z', [{ sku: 'SNK-001', quantity: 50, unitPrice: '9.00', lot: 'L-SHARED' }]);
    await shipment('SH-FJ-1', 'FJ-AG', '2026-04-03T08:00:00Z', [{ sku: 'SNK-001', quantity: 50, unitPrice: '9.00', lot: 'L-SHARED' }]);
    await pack('CASE-7-1', ['ITEM-1', 'ITEM-2']).expect(201);
    await pack('PALLET-7', ['CASE-7-1', 'CASE-7-2']).expect(201);
  });
  afterAll(() => t.close());

  it('traces an exact serial to its distributor, shipment and date, with where it may sell', async () => {
    const body = (await trace('ZJ-S-0001?date=2026-05-01').expect(200)).body;
    expect(body).toMatchObject({
      code: 'ZJ-S-0001',
      outcome: 'traced',
      confidence: 'high',
      distributorCode: 'ZJ-GA',
      candidates: [],
      shipmentRef: 'SH-ZJ-1',
      shippedAt: '2026-04-01T08:00:00.000Z',
      sku: 'SNK-001',
      via: [],
    });
    expect(body.territories).toEqual(expect.arrayContaining([expect.objectContaining({ regionCode: '330000', validFrom: expect.any(String) })]));
  });

  it('traces a serial inside a shipped range, at both ends and in the middle', async () => {
    for (const code of ['ZJ000001', 'ZJ054321', 'ZJ100000']) {
      expect((await trace(code).expect(200)).body).toMatchObject({
        code,
        outcome: 'traced',
        confidence: 'high',
        distributorCode: 'ZJ-GA',
        shipmentRef: 'SH-ZJ-1',
      });
    }
    // One past the end, and the same number at another width, were never shipped.
    expect((await trace('ZJ100001').expect(200)).body).toMatchObject({ outcome: 'unknown', distributorCode: null, shipmentRef: null, territories: [] });
    expect((await trace('ZJ0054321').expect(200)).body.outcome).toBe('unknown');
  });

  it('traces an item through the case and pallet it was packed in to the shipment that bound the pallet', async () => {
    expect((await trace('ITEM-2').expect(200)).body).toMatchObject({
      outcome: 'traced',
      confidence: 'high',
      distributorCode: 'ZJ-GA',
      shipmentRef: 'SH-ZJ-1',
      sku: 'SNK-002',
      via: ['CASE-7-1', 'PALLET-7'],
    });
    expect((await trace('CASE-7-2').expect(200)).body).toMatchObject({ outcome: 'traced', via: ['PALLET-7'] });
  });

  it('answers sku_mismatch when the goods are not the SKU shipped under the code', async () => {
    expect((await trace('ITEM-1?sku=SNK-001').expect(200)).body).toMatchObject({
      outcome: 'sku_mismatch',
      confidence: null,
      distributorCode: 'ZJ-GA',
      sku: 'SNK-002',
    });
    expect((await trace('ITEM-1?sku=SNK-002').expect(200)).body.outcome).toBe('traced');
  });

  it('traces a lot shipped to one distributor with confidence medium, and gives the candidates of one shipped to several', async () => {
    expect((await trace('lots/L-ZJ').expect(200)).body).toMatchObject({
      lot: 'L-ZJ',
      outcome: 'traced',
      confidence: 'medium',
      distributorCode: 'ZJ-GA',
      shipmentRef: 'SH-ZJ-1',
    });
    expect((await trace('lots/L-SHARED').expect(200)).body).toMatchObject({
      lot: 'L-SHARED',
      outcome: 'ambiguous',
      confidence: null,
      distributorCode: null,
      candidates: ['FJ-AG', 'JX-AG'],
      territories: [],
    });
    expect((await trace('lots/L-NEVER').expect(200)).body.outcome).toBe('unknown');
    expect((await trace('lots/L-ZJ?sku=BEV-001').expect(200)).body).toMatchObject({ outcome: 'sku_mismatch', distributorCode: 'ZJ-GA' });
  });

  it('refuses a code with spaces, and an invalid date or SKU, with 400', async () => {
    expect((await trace('A%20B').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await trace('ZJ000001?date=2026-13-01').expect(400);
    await trace('ZJ000001?sku=a%20b').expect(400);
  });

  it('lets field reps trace, not distributors', async () => {
    const rep = await createUser(t, 'field_rep');
    await t.http().get('/api/v1/trace/ZJ000001').auth(rep.token, { type: 'bearer' }).expect(200);
    const distributor = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    await t.http().get('/api/v1/trace/ZJ000001').auth(distributor.token, { type: 'bearer' }).expect(403);
  });

  describe('packing codes', () => {
    it('changes nothing when the same packing is sent again', async () => {
      expect((await pack('CASE-7-1', ['ITEM-1', 'ITEM-2', 'ITEM-2']).expect(201)).body).toEqual({
        parentCode: 'CASE-7-1',
        childCodes: 2,
        added: 0,
        alreadyPacked: 2,
      });
      expect((await pack('CASE-7-1', ['ITEM-1', 'ITEM-3']).expect(201)).body).toEqual({ parentCode: 'CASE-7-1', childCodes: 2, added: 1, alreadyPacked: 1 });
    });

    it('refuses codes already packed in another parent with 409, naming them, and packs none of the request', async () => {
      const response = await pack('CASE-8', ['ITEM-9', 'ITEM-1']).expect(409);
      expect(response.body).toMatchObject({ code: 'CODE_ALREADY_PACKED', details: { codes: [{ code: 'ITEM-1', parentCode: 'CASE-7-1' }], total: 1 } });
      expect((await trace('ITEM-9').expect(200)).body).toMatchObject({ outcome: 'unknown', via: [] });
    });

    it('refuses a loop with 422: a code packed in itself or in what it holds', async () => {
      expect((await pack('ITEM-1', ['PALLET-7']).expect(422)).body).toMatchObject({ code: 'CODE_PACKING_LOOP', details: { codes: ['PALLET-7'] } });
      expect((await pack('X-1', ['X-1']).expect(422)).body.code).toBe('CODE_PACKING_LOOP');
    });

    it('refuses packing deeper than a trace climbs, top down or bottom up', async () => {
      for (let level = 1; level <= 10; level += 1) await pack(`DEEP-${level}`, [`DEEP-${level - 1}`]).expect(201);
      expect((await pack('DEEP-0', ['DEEP-ITEM']).expect(422)).body.code).toBe('CODE_PACKING_TOO_DEEP');
      expect((await pack('DEEP-11', ['DEEP-10']).expect(422)).body.code).toBe('CODE_PACKING_TOO_DEEP');
      // Ten levels below the top is as deep as it goes: a shipped top still traces.
      for (let level = 1; level <= 9; level += 1) await pack(`UP-${level}`, [`UP-${level - 1}`]).expect(201);
      await pack('PALLET-7', ['UP-9']).expect(201);
      expect((await trace('UP-0').expect(200)).body).toMatchObject({
        outcome: 'traced',
        via: [...Array.from({ length: 9 }, (_, i) => `UP-${i + 1}`), 'PALLET-7'],
      });
    });

    it('names the invalid fields with 400', async () => {
      const response = await t
        .http()
        .post('/api/v1/code-aggregations')
        .set(admin())
        .send({ parentCode: ' ', childCodes: ['ok', 'has space'] })
        .expect(400);
      expect(JSON.stringify(response.body.details)).toContain('parentCode');
      expect(JSON.stringify(response.body.details)).toContain('childCodes');
      await t.http().post('/api/v1/code-aggregations').set(admin()).send({ parentCode: 'P', childCodes: [] }).expect(400);
    });
  });
});
