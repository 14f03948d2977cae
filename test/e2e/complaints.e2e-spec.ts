import { seedReferenceWorld } from '../factories/reference.factory';
import { importCsv, salesCsv } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** Jiangxi's agent complains that Zhejiang's goods are dumped in Nanchang. */
describe('Complaints (e2e)', () => {
  let t: TestApp;
  let jx: CreatedUser;
  let fj: CreatedUser;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const complain = (body: object, user = jx) => t.http().post('/api/v1/complaints').auth(user.token, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    jx = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    fj = await createUser(t, 'distributor', { distributorCode: 'FJ-AG' });
  });
  afterAll(() => t.close());

  it('opens an incident against the accused, with the complainant among its victims, and says which', async () => {
    const body = (
      await complain({ regionCode: '360102', sku: 'SNK-001', againstDistributorCode: 'ZJ-GA', description: 'ZJ peanuts at 8 yuan in Nanchang' }).expect(201)
    ).body;
    expect(body).toMatchObject({
      complainantCode: 'JX-AG',
      regionCode: '360102',
      provinceCode: '360000',
      productLine: 'snacks',
      sku: 'SNK-001',
      againstDistributorCode: 'ZJ-GA',
      incidentId: expect.any(String),
      incidentNumber: expect.stringMatching(/^INC-\d{4}-\d{6}$/),
      incidentStatus: 'open',
      incidentOpened: true,
    });
    const incident = (await t.http().get(`/api/v1/incidents/${body.incidentId}`).set(admin()).expect(200)).body;
    expect(incident).toMatchObject({
      offenderCode: 'ZJ-GA',
      productLine: 'snacks',
      destinationRegionCode: '360000',
      scale: expect.objectContaining({ victimCodes: ['JX-AG'] }),
    });
  });

  it('joins the open incident that violations opened, and the complainant stays a victim when the incident is rescaled', async () => {
    // ZJ-GA reports a sale into Xiamen: it opens the incident (ZJ-GA, snacks, 350000).
    const report = await importCsv(
      t,
      t.adminToken,
      { distributorCode: 'ZJ-GA', reportRef: 'ZJ-W1' },
      salesCsv([{ lineNo: 1, saleDate: '2026-05-12', sku: 'SNK-001', quantity: 40, unitPrice: '12.00', shipToRegionCode: '350200' }]),
    ).expect(201);
    const [violation] = (await t.http().get(`/api/v1/violations?reportId=${report.body.id}`).set(admin()).expect(200)).body.items;
    const body = (
      await complain({ regionCode: '350200', productLine: 'snacks', againstDistributorCode: 'ZJ-GA', description: 'cheap peanuts in Xiamen' }, fj).expect(201)
    ).body;
    expect(body).toMatchObject({ incidentId: violation.incidentId, incidentOpened: false });
    const scale = async () => (await t.http().get(`/api/v1/incidents/${violation.incidentId}`).set(admin()).expect(200)).body.scale;
    expect((await scale()).victimCodes).toContain('FJ-AG');
    // A correction with no breach leaves the incident without violations: its scale is recomputed, the complainant stays.
    await importCsv(
      t,
      t.adminToken,
      { distributorCode: 'ZJ-GA', reportRef: 'ZJ-W1', supersede: 'true' },
      salesCsv([{ lineNo: 1, saleDate: '2026-05-12', sku: 'SNK-001', quantity: 40, unitPrice: '12.00', shipToRegionCode: '330106' }]),
    ).expect(201);
    expect(await scale()).toMatchObject({ units: 0, victimCodes: ['FJ-AG'] });
  });

  it('opens an incident without an offender when the complainant does not know who dumps', async () => {
    const body = (await complain({ regionCode: '360102', productLine: 'beverages', description: 'unknown tea at half price' }).expect(201)).body;
    const incident = (await t.http().get(`/api/v1/incidents/${body.incidentId}`).set(admin()).expect(200)).body;
    expect(incident).toMatchObject({ offenderCode: null, productLine: 'beverages', destinationRegionCode: '360000' });
    // The same complaint again joins it.
    expect((await complain({ regionCode: '360100', productLine: 'beverages', description: 'again' }).expect(201)).body).toMatchObject({
      incidentId: body.incidentId,
      incidentOpened: false,
    });
  });

  it('names each wrong reference with 422 and stores nothing', async () => {
    const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
    const before = [await count('complaint'), await count('incident')];
    // Only a holder of the region is wronged there: Hangzhou is not Jiangxi's.
    expect(
      (await complain({ regionCode: '330106', productLine: 'snacks', againstDistributorCode: 'ZJ-GA', description: 'x' }).expect(422)).body.details,
    ).toEqual([{ field: 'regionCode', problems: ['JX-AG holds no territory covering 330106 for this product line today'] }]);
    const response = await complain({ regionCode: 'NOWHERE', sku: 'NOPE', againstDistributorCode: 'NOBODY', description: 'x' }).expect(422);
    expect(response.body.code).toBe('COMPLAINT_REJECTED');
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual(['regionCode', 'sku', 'againstDistributorCode']);
    expect((await complain({ regionCode: '360102', sku: 'SNK-001', productLine: 'beverages', description: 'x' }).expect(422)).body.details).toEqual([
      { field: 'productLine', problems: ['SNK-001 is of the line snacks, not beverages'] },
    ]);
    expect(
      (await complain({ regionCode: '360102', productLine: 'snacks', againstDistributorCode: 'JX-AG', description: 'x' }).expect(422)).body.details[0]
        .problems[0],
    ).toContain('cannot complain about itself');
    expect((await complain({ regionCode: '360102', description: 'x' }).expect(400)).body.details).toEqual([
      { field: 'productLine', problems: ['give the productLine or the sku being dumped'] },
    ]);
    await complain({ regionCode: '360102', productLine: 'snacks', description: '' }).expect(400);
    expect([await count('complaint'), await count('incident')]).toEqual(before);
  });

  it('lets a distributor complain as itself only, a manager for a named complainant; lists each its own', async () => {
    await complain({ regionCode: '360102', productLine: 'snacks', description: 'x', complainantCode: 'FJ-AG' }).expect(400);
    const manager = await createUser(t, 'channel_manager');
    await t
      .http()
      .post('/api/v1/complaints')
      .auth(manager.token, { type: 'bearer' })
      .send({ regionCode: '360102', productLine: 'snacks', description: 'phoned in' })
      .expect(400);
    const filed = (
      await t
        .http()
        .post('/api/v1/complaints')
        .auth(manager.token, { type: 'bearer' })
        .send({ regionCode: '360102', productLine: 'snacks', description: 'phoned in', complainantCode: 'JX-AG' })
        .expect(201)
    ).body;
    expect(filed.complainantCode).toBe('JX-AG');
    const own = (await t.http().get('/api/v1/complaints?limit=100').auth(fj.token, { type: 'bearer' }).expect(200)).body.items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((item: { complainantCode: string }) => item.complainantCode === 'FJ-AG')).toBe(true);
    await t.http().get(`/api/v1/complaints/${filed.id}`).auth(fj.token, { type: 'bearer' }).expect(404);
    await t.http().get(`/api/v1/complaints/${filed.id}`).auth(jx.token, { type: 'bearer' }).expect(200);
    const all = (await t.http().get('/api/v1/complaints?limit=100').set(admin()).expect(200)).body.items;
    expect(new Set(all.map((item: { complainantCode: string }) => item.complainantCode))).toEqual(new Set(['JX-AG', 'FJ-AG']));
    const rep = await createUser(t, 'field_rep');
    await t.http().get('/api/v1/complaints').auth(rep.token, { type: 'bearer' }).expect(403);
  });
});
