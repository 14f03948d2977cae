import { bucketPrice, priceBucket } from '../../src/common/money/price-bucket';
import { seedReferenceWorld } from '../factories/reference.factory';
import { importCsv, salesCsv } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** The dashboard over a small world whose figures are worked out by hand. */
describe('Dashboard (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  let jx: CreatedUser;
  let jiangxi: string;
  let fujian: string;
  const as = (user: CreatedUser) => ({ Authorization: `Bearer ${user.token}` });
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const get = (path: string, user = manager) => t.http().get(`/api/v1/dashboard/${path}`).set(as(user));
  const move = (id: string, version: number, body: object) =>
    t.http().post(`/api/v1/incidents/${id}/transitions`).set(as(manager)).set('If-Match', String(version)).send(body).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    jx = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    // Zhejiang's agent dumps into Jiangxi (below the floors) and Fujian (at a fair price).
    const report = await importCsv(
      t,
      t.adminToken,
      { distributorCode: 'ZJ-GA', reportRef: 'ZJ-MAY' },
      salesCsv([
        // Out of territory and below SNK-001's 11.00: 100 × 11.00 = 1100.00 at floor, 300.00 eroded.
        { lineNo: 1, saleDate: '2026-05-12', sku: 'SNK-001', quantity: 100, unitPrice: '8.00', shipToRegionCode: '360102' },
        // Below Jiangxi's snacks floor 10.50 (75.00 eroded), but sold under a transfer permit: not dumped out of territory.
        { lineNo: 2, saleDate: '2026-05-13', sku: 'SNK-002', quantity: 50, unitPrice: '9.00', shipToRegionCode: '360100' },
        // Out of territory in Xiamen, at 12.00 above the 11.00 floor: 110.00 at floor.
        { lineNo: 3, saleDate: '2026-05-14', sku: 'SNK-001', quantity: 10, unitPrice: '12.00', shipToRegionCode: '350200' },
      ]),
    ).expect(201);
    const violations = (await t.http().get(`/api/v1/violations?reportId=${report.body.id}`).set(admin()).expect(200)).body.items;
    jiangxi = violations.find((violation: { provinceCode: string }) => violation.provinceCode === '360000').incidentId;
    fujian = violations.find((violation: { provinceCode: string }) => violation.provinceCode === '350000').incidentId;
    // Jiangxi's incident is worked to resolution: a fine, a claim approved; Fujian's is confirmed and cut off.
    const assessment = { confirmedUnits: 150, confirmedValue: '1625.00', findings: 'Zhejiang stock in Nanchang' };
    await move(jiangxi, 1, { to: 'investigating', assigneeId: manager.id });
    await move(jiangxi, 2, { to: 'confirmed', assessment });
    await t.http().post(`/api/v1/incidents/${jiangxi}/actions`).set(as(manager)).send({ type: 'fine', amount: '500.00' }).expect(201);
    const [claim] = (await t.http().post(`/api/v1/incidents/${jiangxi}/compensation/propose`).set(as(manager)).expect(201)).body.items;
    await t.http().post(`/api/v1/claims/${claim.id}/approve`).set(admin()).send({}).expect(200);
    await move(jiangxi, 3, { to: 'resolved' });
    await move(fujian, 1, { to: 'investigating', assigneeId: manager.id });
    await move(fujian, 2, { to: 'confirmed', assessment: { ...assessment, confirmedUnits: 10 } });
    await t
      .http()
      .post(`/api/v1/incidents/${fujian}/actions`)
      .set(as(manager))
      .send({ type: 'supply_cutoff', endsAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
  });
  afterAll(() => t.close());

  describe('GET /dashboard/summary', () => {
    it('sums the violations of the period from the pre-aggregate, a line counted once', async () => {
      const summary = (await get('summary?from=2026-05-01&to=2026-05-31').expect(200)).body;
      expect(summary).toMatchObject({
        from: '2026-05-01',
        to: '2026-05-31',
        regionCode: null,
        violations: { total: 4, byType: { OUT_OF_TERRITORY: 2, BELOW_FLOOR: 2 } },
        dumped: { units: 110, valueAtFloor: '1210.00', priceErosion: '375.00' },
        activeCutoffs: 1,
      });
    });

    it('counts the incidents of the period, what was done and what it cost', async () => {
      const summary = (await get('summary').expect(200)).body;
      expect(summary.incidents).toMatchObject({ byStatus: { resolved: 1, confirmed: 1 }, opened: 2, resolved: 1, overdue: 0 });
      expect(summary.incidents.meanTimeToResolveHours).toBeGreaterThanOrEqual(0);
      expect(summary.incidents.meanTimeToResolveHours).toBeLessThan(1);
      expect(summary.compensation).toMatchObject({ proposed: '0.00', approved: '375.00', paid: '0.00', claims: { approved: 1 } });
      expect(summary.penalties).toMatchObject({ amount: '500.00', byType: { fine: 1 }, amountByType: { fine: '500.00' } });
      // No violations happened in the last 30 days: the report is of May.
      expect(summary.violations).toEqual({ total: 0, byType: {} });
    });

    it('narrows to a region and below', async () => {
      const summary = (await get('summary?from=2026-05-01&to=2026-05-31&region=360000').expect(200)).body;
      expect(summary).toMatchObject({ regionCode: '360000', dumped: { units: 100, valueAtFloor: '1100.00', priceErosion: '375.00' }, activeCutoffs: 0 });
      expect(summary.incidents.opened).toBe(0);
      expect((await get('summary?region=360000').expect(200)).body.incidents).toMatchObject({ opened: 1, resolved: 1 });
      // Below a province the figures come from the region's own violations: the same answers.
      const city = (await get('summary?from=2026-05-01&to=2026-05-31&region=360100').expect(200)).body;
      expect(city).toMatchObject({ dumped: { units: 100, valueAtFloor: '1100.00', priceErosion: '375.00' }, violations: { total: 3 } });
      const district = (await get('summary?from=2026-05-01&to=2026-05-31&region=360102').expect(200)).body;
      expect(district).toMatchObject({ dumped: { units: 100, valueAtFloor: '1100.00', priceErosion: '300.00' }, violations: { total: 2 } });
      expect((await get('flows?from=2026-05-01&to=2026-05-31&region=360102').expect(200)).body.items).toEqual([
        { originRegionCode: '330000', destinationRegionCode: '360000', units: 100, value: '1100.00', violations: 1 },
      ]);
    });

    it('refuses bad periods and regions, and is for managers', async () => {
      await get('summary?from=2026-13-01').expect(400);
      await get('summary?from=2026-05-31&to=2026-05-01').expect(400);
      expect((await get('summary?region=NOPE').expect(422)).body.code).toBe('REGION_UNKNOWN');
      await get('summary', jx).expect(403);
    });
  });

  describe('GET /dashboard/flows', () => {
    it('maps origin province to destination province', async () => {
      const flows = (await get('flows?from=2026-05-01&to=2026-05-31').expect(200)).body;
      expect(flows.items).toEqual([
        { originRegionCode: '330000', destinationRegionCode: '360000', units: 100, value: '1100.00', violations: 1 },
        { originRegionCode: '330000', destinationRegionCode: '350000', units: 10, value: '110.00', violations: 1 },
      ]);
      expect((await get('flows?from=2026-05-01&to=2026-05-31&productLine=beverages').expect(200)).body.items).toEqual([]);
    });
  });

  describe('GET /dashboard/weekly', () => {
    it('gives each week of the period its violations and incidents', async () => {
      const weekly = (await get('weekly?from=2026-05-04&to=2026-05-17').expect(200)).body;
      expect(weekly.items).toEqual([
        { weekStart: '2026-05-04', violations: 0, violationsByType: {}, incidentsOpened: 0, incidentsResolved: 0 },
        { weekStart: '2026-05-11', violations: 4, violationsByType: { OUT_OF_TERRITORY: 2, BELOW_FLOOR: 2 }, incidentsOpened: 0, incidentsResolved: 0 },
      ]);
      await get('weekly?from=2000-01-01&to=2026-05-31').expect(400);
      const recent = (await get('weekly').expect(200)).body.items;
      expect(recent).toHaveLength(12);
      expect(recent.reduce((sum: number, week: { incidentsOpened: number }) => sum + week.incidentsOpened, 0)).toBe(2);
    });
  });
  describe('CSV exports of the lists', () => {
    it('answer Accept: text/csv with every matching row, filters and scope as for JSON', async () => {
      const csv = await t.http().get('/api/v1/violations?limit=1').set(as(manager)).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="violations.csv"');
      const [header, ...rows] = csv.text.trim().split('\r\n');
      expect(header.split(',').slice(0, 4)).toEqual(['id', 'type', 'status', 'source_kind']);
      // limit=1 is a JSON page size: the export walks every page (four violations and the line a permit covered).
      expect(rows).toHaveLength(5);
      const belowFloor = await t.http().get('/api/v1/violations?type=BELOW_FLOOR').set(as(manager)).set('Accept', 'text/csv').expect(200);
      expect(
        belowFloor.text
          .trim()
          .split('\r\n')
          .slice(1)
          .every((row) => row.split(',')[1] === 'BELOW_FLOOR'),
      ).toBe(true);
      expect(belowFloor.text.trim().split('\r\n')).toHaveLength(3);
      // A distributor exports what it may list: nothing against Jiangxi's agent here.
      expect((await t.http().get('/api/v1/violations').set(as(jx)).set('Accept', 'text/csv').expect(200)).text.trim().split('\r\n')).toHaveLength(1);
      const incidents = await t.http().get('/api/v1/incidents').set(as(manager)).set('Accept', 'text/csv').expect(200);
      const lines = incidents.text.trim().split('\r\n');
      expect(lines[0]).toMatch(/^id,number,status,severity,version,offender_code/);
      expect(
        lines
          .slice(1)
          .map((line) => line.split(',')[2])
          .sort(),
      ).toEqual(['confirmed', 'resolved']);
      // JSON stays the default.
      expect((await t.http().get('/api/v1/incidents').set(as(manager)).expect(200)).body.items).toHaveLength(2);
    });
  });

  describe('after an appeal', () => {
    it('leaves out the violation it voided', async () => {
      const before = (await get('summary?from=2026-05-01&to=2026-05-31').expect(200)).body;
      const zj = await createUser(t, 'distributor', { distributorCode: 'ZJ-GA' });
      const [fair] = (await t.http().get(`/api/v1/violations?incidentId=${fujian}`).set(admin()).expect(200)).body.items;
      const appeal = (await t.http().post(`/api/v1/violations/${fair.id}/appeals`).set(as(zj)).send({ reason: 'a permitted promotion' }).expect(201)).body;
      await t.http().post(`/api/v1/appeals/${appeal.id}/accept`).set(as(manager)).send({}).expect(200);
      const after = (await get('summary?from=2026-05-01&to=2026-05-31').expect(200)).body;
      expect([before.violations.total - after.violations.total, before.dumped.units - after.dumped.units]).toEqual([1, 10]);
      expect(after.dumped.valueAtFloor).toBe('1100.00');
    });
  });

  describe('GET /dashboard/price-erosion', () => {
    /** The (year, province, line, bucket) rows where price_yearly is not the months summed, either way round. */
    const yearlyDrift = () =>
      t.dataSource.query(`
        WITH months AS (
          SELECT date_trunc('year', month)::date AS year, province_code, product_line, bucket, sum(units)::bigint AS units
          FROM price_monthly GROUP BY 1, 2, 3, 4 HAVING sum(units) <> 0
        ),
        years AS (SELECT year, province_code, product_line, bucket, units FROM price_yearly WHERE units <> 0)
        (SELECT * FROM months EXCEPT SELECT * FROM years) UNION ALL (SELECT * FROM years EXCEPT SELECT * FROM months)`);

    it('gives each province and line its median prices, what sold or was sighted below the floors, and the floors', async () => {
      await t
        .http()
        .post('/api/v1/sightings')
        .set(as(manager))
        .send({ observedAt: '2026-05-20T10:00:00+08:00', regionCode: '360102', sku: 'BEV-001', observedPrice: '3.00' })
        .expect(201);
      const erosion = (await get('price-erosion?from=2026-05-01&to=2026-05-31').expect(200)).body;
      expect(erosion).toMatchObject({ fromMonth: '2026-05', toMonth: '2026-05' });
      expect(erosion.items).toEqual([
        {
          regionCode: '350000',
          productLine: 'snacks',
          sales: { units: 10, medianPrice: bucketPrice(priceBucket(12)), unitsBelowFloor: 0, shareBelowFloorPercent: 0 },
          sightings: { count: 0, medianPrice: null, belowFloor: 0, shareBelowFloorPercent: null },
          floors: { distributor: '10.00', retail: null },
        },
        {
          regionCode: '360000',
          productLine: 'beverages',
          sales: { units: 0, medianPrice: null, unitsBelowFloor: 0, shareBelowFloorPercent: null },
          sightings: { count: 1, medianPrice: '3.00', belowFloor: 1, shareBelowFloorPercent: 100 },
          floors: { distributor: null, retail: '3.50' },
        },
        {
          regionCode: '360000',
          productLine: 'snacks',
          // 100 units at 8.00 and 50 at 9.00: the median is 8.00's; every unit sold under Jiangxi's floors.
          sales: { units: 150, medianPrice: bucketPrice(priceBucket(8)), unitsBelowFloor: 150, shareBelowFloorPercent: 100 },
          sightings: { count: 0, medianPrice: null, belowFloor: 0, shareBelowFloorPercent: null },
          floors: { distributor: '10.50', retail: null },
        },
      ]);
      expect(Number(bucketPrice(priceBucket(8)))).toBeCloseTo(8, 1);
      const jiangxiSnacks = (await get('price-erosion?from=2026-05-01&to=2026-05-31&region=360102&productLine=snacks').expect(200)).body.items;
      expect(jiangxiSnacks.map((item: { regionCode: string; productLine: string }) => `${item.regionCode}/${item.productLine}`)).toEqual(['360000/snacks']);
    });

    it('reads whole years from the yearly roll-up and the months around them from the monthly figures, and follows corrections', async () => {
      const jiangxiReport = (lines: Array<{ saleDate: string; quantity: number; unitPrice: string }>, supersede?: string) =>
        importCsv(
          t,
          t.adminToken,
          { distributorCode: 'JX-AG', reportRef: 'JX-ROLLUP', ...(supersede ? { supersede } : {}) },
          salesCsv(lines.map((line, index) => ({ lineNo: index + 1, sku: 'SNK-001', shipToRegionCode: '360102', ...line }))),
        ).expect(201);
      // Besides May's 100 at 8.00 and 50 at 9.00: 200 at 20.00 in December 2025, 30 at 13.00 in March, 5 at 15.00 in November.
      const december = { saleDate: '2025-12-10', quantity: 200, unitPrice: '20.00' };
      const rest = [
        { saleDate: '2026-03-10', quantity: 30, unitPrice: '13.00' },
        { saleDate: '2026-11-10', quantity: 5, unitPrice: '15.00' },
      ];
      await jiangxiReport([december, ...rest]);
      const jiangxiSnacks = async (from: string, to: string) => {
        const items = (await get(`price-erosion?from=${from}&to=${to}&region=360000&productLine=snacks`).expect(200)).body.items;
        return items.map((item: { sales: { units: number; medianPrice: string | null } }) => [item.sales.units, item.sales.medianPrice]);
      };
      const price = (amount: number) => bucketPrice(priceBucket(amount));
      // December 2025 from the months, 2026 from the year: 385 units, half of them only reached at 20.00.
      expect(await jiangxiSnacks('2025-12-01', '2026-12-31')).toEqual([[385, price(20)]]);
      // Two whole years, both from the roll-up.
      expect(await jiangxiSnacks('2025-01-01', '2026-12-31')).toEqual([[385, price(20)]]);
      // 2026 alone: 185 units, the median in May's 8.00.
      expect(await jiangxiSnacks('2026-01-01', '2026-12-31')).toEqual([[185, price(8)]]);
      // A year with six months or fewer in the period is read month by month: December and March (230 units).
      expect(await jiangxiSnacks('2025-12-01', '2026-03-31')).toEqual([[230, price(20)]]);
      // One with more is read whole, less its months outside: April to December leaves March's 30 out (155 units),
      // March to November keeps them (185).
      expect(await jiangxiSnacks('2026-04-01', '2026-12-31')).toEqual([[155, price(8)]]);
      expect(await jiangxiSnacks('2026-03-01', '2026-11-30')).toEqual([[185, price(8)]]);
      // Without May's cheap 150 units the median is what is left: November's 15.00, or March's 13.00.
      expect(await jiangxiSnacks('2026-06-01', '2026-12-31')).toEqual([[5, price(15)]]);
      expect(await jiangxiSnacks('2026-01-01', '2026-04-30')).toEqual([[30, price(13)]]);
      // A correction without December takes its units out of both the months and the year.
      await jiangxiReport(rest, 'true');
      expect(await jiangxiSnacks('2025-01-01', '2026-12-31')).toEqual([[185, price(8)]]);
      expect(await yearlyDrift()).toEqual([]);
      expect(Number((await t.dataSource.query(`SELECT count(*) FROM price_yearly`))[0].count)).toBeGreaterThan(0);
    });

    it('keeps the months and the years of concurrent reports without a conflict', async () => {
      // Six reports at once over the same months, provinces, lines and prices: some keys new, some already there.
      const report = (index: number) =>
        importCsv(
          t,
          t.adminToken,
          { distributorCode: index % 2 === 0 ? 'JX-AG' : 'FJ-AG', reportRef: `CONCURRENT-${index}` },
          salesCsv(
            Array.from({ length: 60 }, (_, line) => ({
              lineNo: line + 1,
              saleDate: `2026-${String(1 + ((line * 7 + index) % 11)).padStart(2, '0')}-15`,
              sku: line % 3 === 0 ? 'BEV-001' : 'SNK-001',
              quantity: 1 + ((line + index) % 9),
              unitPrice: (12 + ((line * 13 + index * 5) % 40) / 4).toFixed(2),
              shipToRegionCode: line % 2 === 0 ? '360102' : '350200',
            })),
          ),
        );
      const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => report(index)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
      expect(await yearlyDrift()).toEqual([]);
    });
  });
});
