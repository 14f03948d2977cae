import { monthStart, today } from '../../src/common/dates/business-date';
import { seedReferenceWorld } from '../factories/reference.factory';
import { reportSales, SalesLine } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** The rebate base with dumping taken off and credited, the rebate-chasing signal, and the offenders' risk ranking. */
describe('Rebate base and offender risk (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  let zj: CreatedUser;
  const now = today('Asia/Shanghai');
  const as = (user: CreatedUser) => ({ Authorization: `Bearer ${user.token}` });
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  let shipments = 0;
  const ship = (distributorCode: string, day: string, quantity: number) =>
    t
      .http()
      .post('/api/v1/shipments')
      .set(admin())
      .send({
        shipmentRef: `SH-${(shipments += 1)}`,
        distributorCode,
        shippedAt: `${day}T08:00:00+08:00`,
        lines: [{ sku: 'SNK-001', quantity, unitPrice: '9.00' }],
      })
      .expect(201);
  const report = (distributorCode: string, reportRef: string, lines: Array<Partial<SalesLine>>) =>
    reportSales(t, { distributorCode, reportRef }, lines, {
      saleDate: '2026-05-12',
      sku: 'SNK-001',
      quantity: 10,
      unitPrice: '12.00',
      shipToRegionCode: '360102',
    });
  const confirm = async (incidentId: string) => {
    const move = (version: number, body: object) =>
      t.http().post(`/api/v1/incidents/${incidentId}/transitions`).set(as(manager)).set('If-Match', String(version)).send(body).expect(200);
    await move(1, { to: 'investigating', assigneeId: manager.id });
    await move(2, { to: 'confirmed', assessment: { confirmedUnits: 1, confirmedValue: '1.00', findings: 'confirmed' } });
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    zj = await createUser(t, 'distributor', { distributorCode: 'ZJ-GA' });
    // Rebate period 2026-Q2 ends 06-30: its window is 06-03..06-30, the baseline the 26 weeks before.
    await ship('ZJ-GA', '2026-03-01', 2600);
    await ship('ZJ-GA', '2026-06-15', 2000);
    await ship('NB-A', '2026-04-10', 500);
    // Zhejiang dumps 100 units into Nanchang (Jiangxi's), Hangzhou's sub-distributor 30 into Ningbo (shared by NB-A and NB-B).
    const [dumped] = await report('ZJ-GA', 'ZJ-Q2', [{ quantity: 100, unitPrice: '8.00' }]);
    const [shared] = await report('HZ-SUB', 'HZ-Q2', [{ quantity: 30, shipToRegionCode: '330200' }]);
    await confirm(dumped.incidentId);
    await confirm(shared.incidentId);
    // For the risk score: sell-in two months ago reported at 30%, dumping today, a rejected appeal.
    const twoMonthsAgo = monthStart(now, -2);
    await ship('ZJ-GA', twoMonthsAgo, 1000);
    await report('ZJ-GA', 'ZJ-RECENT-SELLOUT', [{ saleDate: twoMonthsAgo, quantity: 300, shipToRegionCode: '330106' }]);
    const [recent] = await report('ZJ-GA', 'ZJ-TODAY', [{ saleDate: now, quantity: 1000, unitPrice: '12.00' }]);
    const appeal = (await t.http().post(`/api/v1/violations/${recent.id}/appeals`).set(as(zj)).send({ reason: 'not ours' }).expect(201)).body;
    await t.http().post(`/api/v1/appeals/${appeal.id}/reject`).set(as(manager)).send({ reason: 'it is' }).expect(200);
  });
  afterAll(() => t.close());

  describe('GET /reports/rebate-base', () => {
    it('takes confirmed dumping off the offender’s base and credits it to the victims, shared when tied', async () => {
      const report = (await t.http().get('/api/v1/reports/rebate-base?period=2026-Q2').set(as(manager)).expect(200)).body;
      expect(report).toMatchObject({
        period: '2026-Q2',
        from: '2026-04-01',
        to: '2026-06-30',
        window: { from: '2026-06-03', baselineFrom: '2025-12-03', factor: 2 },
      });
      const row = (code: string) => report.items.find((item: { distributorCode: string }) => item.distributorCode === code);
      expect(row('ZJ-GA')).toMatchObject({ shipped: 2000, dumped: 100, credited: '0', adjustedBase: '1900' });
      expect(row('JX-AG')).toMatchObject({ shipped: 0, dumped: 0, credited: '100', adjustedBase: '100' });
      expect(row('HZ-SUB')).toMatchObject({ dumped: 30, adjustedBase: '-30' });
      expect(row('NB-A')).toMatchObject({ shipped: 500, credited: '15', adjustedBase: '515' });
      expect(row('NB-B')).toMatchObject({ credited: '15', adjustedBase: '15' });
    });

    it('flags sell-in before the period’s end far above the baseline (rebate chasing)', async () => {
      const report = (await t.http().get('/api/v1/reports/rebate-base?period=2026-Q2').set(as(manager)).expect(200)).body;
      const row = (code: string) => report.items.find((item: { distributorCode: string }) => item.distributorCode === code);
      // 2,000 over 4 weeks = 500 a week against 2,600 over 26 weeks = 100 a week.
      expect(row('ZJ-GA').rebateChasing).toEqual({ windowSellIn: 2000, baselineSellIn: 2600, windowWeekly: 500, baselineWeekly: 100, flagged: true });
      expect(row('NB-A').rebateChasing.flagged).toBe(false);
    });

    it('exports as CSV for finance, and refuses what is not a period', async () => {
      const csv = await t.http().get('/api/v1/reports/rebate-base?period=2026-Q2').set(as(manager)).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="rebate-base-2026-Q2.csv"');
      expect(csv.text.split('\r\n')[0]).toBe('distributor_code,shipped,dumped,credited,adjusted_base,window_sell_in,baseline_sell_in,rebate_chasing');
      expect(csv.text).toContain('ZJ-GA,2000,100,0,1900,2000,2600,true');
      await t.http().get('/api/v1/reports/rebate-base?period=2026-Q5').set(as(manager)).expect(400);
      await t.http().get('/api/v1/reports/rebate-base').set(as(manager)).expect(400);
      await t.http().get('/api/v1/reports/rebate-base?period=2026').set(as(zj)).expect(403);
      const settings = (await t.http().get('/api/v1/settings/rebate').set(admin()).expect(200)).body;
      expect(settings).toEqual({ periodEnds: ['12-31'], windowWeeks: 4, baselineWeeks: 26, factor: 2 });
      await t
        .http()
        .put('/api/v1/settings/rebate')
        .set(admin())
        .send({ ...settings, periodEnds: ['04-31'] })
        .expect(400);
      await t
        .http()
        .put('/api/v1/settings/rebate')
        .set(admin())
        .send({ ...settings, periodEnds: ['06-30', '12-31'] })
        .expect(200);
      await t.http().put('/api/v1/settings/rebate').set(admin()).send(settings).expect(200);
    });
  });

  describe('GET /dashboard/offenders', () => {
    it('ranks distributors by the documented risk score, with its parts and inputs', async () => {
      const page = (await t.http().get('/api/v1/dashboard/offenders').set(as(manager)).expect(200)).body;
      expect(page.asOf).toBe(now);
      expect(page.items[0]).toEqual({
        distributorCode: 'ZJ-GA',
        name: 'Zhejiang general agent',
        // 40 × 11,000 / 500,000 + 20 × 0.7 unreported + 10 × 1/3 rejected appeals
        score: 18,
        parts: { recentValue: 0.9, recurrences: 0, unreported: 14, rejectedAppeals: 3.3, rebateChasing: 0 },
        inputs: { recentValueAtFloor: '11000.00', incidents: 1, recurrences: 0, unreportedPercent: 70, rejectedAppeals: 1, rebateChasing: false },
      });
      expect(page.items.every((item: { score: number }) => item.score > 0)).toBe(true);
      await t.http().get('/api/v1/dashboard/offenders').set(as(zj)).expect(403);
    });
  });
});
