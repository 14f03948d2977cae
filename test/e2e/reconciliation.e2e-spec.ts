import { monthStart } from '../../src/common/dates/business-date';
import { seedReferenceWorld } from '../factories/reference.factory';
import { importCsv, salesCsv } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** Sell-in against reported sell-out, and UNREPORTED_VOLUME when the reports fall short. */
describe('Reconciliation (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  // Last month: the window (one month, set below).
  const lastMonth = monthStart(new Date().toISOString().slice(0, 10), -1);
  const day = (n: number) => `${lastMonth.slice(0, 8)}${String(n).padStart(2, '0')}`;
  const as = (user: CreatedUser) => ({ Authorization: `Bearer ${user.token}` });
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const ship = (ref: string, distributorCode: string, quantity: number) =>
    t
      .http()
      .post('/api/v1/shipments')
      .set(admin())
      .send({ shipmentRef: ref, distributorCode, shippedAt: `${day(5)}T08:00:00+08:00`, lines: [{ sku: 'SNK-001', quantity, unitPrice: '9.00' }] })
      .expect(201);
  const report = (distributorCode: string, reportRef: string, quantity: number, regionCode: string, query: Record<string, string> = {}) =>
    importCsv(
      t,
      t.adminToken,
      { distributorCode, reportRef, ...query },
      salesCsv([{ lineNo: 1, saleDate: day(20), sku: 'SNK-001', quantity, unitPrice: '12.00', shipToRegionCode: regionCode }]),
    ).expect(201);
  const run = () => t.http().post('/api/v1/reconciliation/run').set(as(manager));

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    // Windows of one month: last month is the latest complete one (windows do not overlap; three-month ones end in March, June, ...).
    await t
      .http()
      .put('/api/v1/settings/reconciliation')
      .set(admin())
      .send({ tolerancePercent: 20, windowMonths: 1, minSellInUnits: 100, runEveryMinutes: 60 })
      .expect(200);
    // Zhejiang's agent takes 1,000 units and reports 300; Ningbo's takes 500 and reports 450 (within the 20% tolerance).
    await ship('SH-ZJ-1', 'ZJ-GA', 1000);
    await ship('SH-NB-1', 'NB-A', 500);
    await report('ZJ-GA', 'ZJ-R1', 300, '330106');
    await report('NB-A', 'NB-R1', 450, '330200');
  });
  afterAll(() => t.close());

  it('reports sell-in against sell-out per distributor, month and product line', async () => {
    const page = (await t.http().get('/api/v1/dashboard/reconciliation').set(as(manager)).expect(200)).body;
    expect(page.items).toEqual([
      { distributorCode: 'NB-A', month: lastMonth.slice(0, 7), productLine: 'snacks', sellIn: 500, sellOut: 450, reportedPercent: 90, unreported: 50 },
      { distributorCode: 'ZJ-GA', month: lastMonth.slice(0, 7), productLine: 'snacks', sellIn: 1000, sellOut: 300, reportedPercent: 30, unreported: 700 },
    ]);
    expect((await t.http().get('/api/v1/dashboard/reconciliation?distributorCode=NB-A&limit=1').set(as(manager)).expect(200)).body.items).toHaveLength(1);
    await t.http().get('/api/v1/dashboard/reconciliation?from=2026-13').set(as(manager)).expect(400);
  });

  it('raises UNREPORTED_VOLUME for a shortfall beyond the tolerance, once per window, as an incident', async () => {
    const result = (await run().expect(200)).body;
    expect(result).toMatchObject({ ran: true, window: { from: lastMonth.slice(0, 7), to: lastMonth.slice(0, 7) }, violations: 1, incidentsOpened: 1 });
    const [violation] = (await t.http().get('/api/v1/violations?type=UNREPORTED_VOLUME').set(admin()).expect(200)).body.items;
    expect(violation).toMatchObject({
      offenderCode: 'ZJ-GA',
      productLine: 'snacks',
      quantity: 700,
      source: { kind: 'reconciliation' },
      evidence: expect.objectContaining({ sellIn: 1000, sellOut: 300, tolerancePercent: 20 }),
    });
    const incident = (await t.http().get(`/api/v1/incidents/${violation.incidentId}`).set(admin()).expect(200)).body;
    expect(incident).toMatchObject({ offenderCode: 'ZJ-GA', productLine: 'snacks', destinationRegionCode: '330000', status: 'open' });
    // Run again: nothing new for the same window.
    expect((await run().expect(200)).body).toMatchObject({ ran: true, violations: 0 });
  });

  it('follows corrections: a superseding report replaces the sell-out of the one it replaces', async () => {
    await report('ZJ-GA', 'ZJ-R1', 950, '330106', { supersede: 'true' });
    const [row] = (await t.http().get('/api/v1/dashboard/reconciliation?distributorCode=ZJ-GA').set(as(manager)).expect(200)).body.items;
    expect(row).toMatchObject({ sellIn: 1000, sellOut: 950 });
  });

  it('counts a report whose dates are not written YYYY-MM-DD from its stored lines', async () => {
    const csv = salesCsv([{ lineNo: 1, saleDate: day(21).replace(/-/g, '/'), sku: 'SNK-002', quantity: 40, unitPrice: '12.00', shipToRegionCode: '330200' }]);
    await importCsv(t, t.adminToken, { distributorCode: 'NB-A', reportRef: 'NB-SLASHES' }, csv).expect(201);
    const [row] = (await t.http().get('/api/v1/dashboard/reconciliation?distributorCode=NB-A').set(as(manager)).expect(200)).body.items;
    expect(row).toMatchObject({ sellIn: 500, sellOut: 490 });
  });

  it('runs once when asked twice at the same moment', async () => {
    await ship('SH-NB-2', 'NB-A', 5000);
    const responses = await Promise.all([run(), run()]);
    expect(responses.map((response) => response.status).every((status) => status === 200 || status === 409)).toBe(true);
    const raised = (await t.http().get('/api/v1/violations?type=UNREPORTED_VOLUME&offender=NB-A').set(admin()).expect(200)).body.items;
    expect(raised).toHaveLength(1);
  });

  it('takes its tolerance and window from the settings, for admins to change', async () => {
    const settings = (await t.http().get('/api/v1/settings/reconciliation').set(as(manager)).expect(200)).body;
    expect(settings).toEqual({ tolerancePercent: 20, windowMonths: 1, minSellInUnits: 100, runEveryMinutes: 60 });
    await t.http().put('/api/v1/settings/reconciliation').set(as(manager)).send(settings).expect(403);
    await t
      .http()
      .put('/api/v1/settings/reconciliation')
      .set(admin())
      .send({ ...settings, tolerancePercent: 101 })
      .expect(400);
    await t
      .http()
      .put('/api/v1/settings/reconciliation')
      .set(admin())
      .send({ ...settings, tolerancePercent: 5 })
      .expect(200);
  });
});
