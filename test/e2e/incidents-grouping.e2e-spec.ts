import { REFRESH_SCALE_SQL } from '../../src/modules/incidents/incident-grouping.sql';
import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

const dump = (lineNo: number, regionCode: string, quantity: number, unitPrice = '8.00', saleDate = '2026-05-10') => ({
  lineNo,
  saleDate,
  sku: 'SNK-001',
  quantity,
  unitPrice,
  shipToRegionCode: regionCode,
});

describe('Incidents: grouping, recurrence, severity and settings (e2e)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const report = (ref: string, lines: object[]) =>
    t.http().post('/api/v1/sales-reports').set(admin()).send({ reportRef: ref, distributorCode: 'ZJ-GA', lines }).expect(201);
  const jiangxi = async () =>
    (await t.http().get('/api/v1/incidents?offenderCode=ZJ-GA&regionCode=360000&productLine=snacks&status=open').set(admin()).expect(200)).body.items;

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
  });
  afterAll(() => t.close());

  it('lets new violations join the open incident of the same offender, line and province, rescaling it', async () => {
    const first = await report('W1', [dump(1, '360102', 100)]);
    expect(first.body).toMatchObject({ incidentsOpened: 1, incidentsUpdated: 0 });
    const second = await report('W2', [dump(1, '360100', 50, '9.00', '2026-05-20')]);
    expect(second.body).toMatchObject({ incidentsOpened: 0, incidentsUpdated: 1 });
    const [incident] = await jiangxi();
    expect(incident.scale).toEqual({ units: 150, valueAtFloor: '1650.00', priceErosion: '400.00', regionCodes: ['360100', '360102'], victimCodes: ['JX-AG'] });
    expect([incident.firstSeenOn, incident.lastSeenOn]).toEqual(['2026-05-10', '2026-05-20']);
    expect(incident.violationCount).toBe(4);
  });

  it('keeps figures added import by import equal to figures recomputed from all violations', async () => {
    // Another report into the same incident: a line both out of territory and below the floor, one above the floor, a return.
    await report('W1B', [dump(1, '360102', 30, '10.50', '2026-05-12'), dump(2, '360100', 12, '11.50', '2026-05-25'), dump(3, '360102', -4)]);
    const columns = `id, units::text, value_at_floor::text, price_erosion::text, region_codes, victim_codes, violation_count, first_seen_on, last_seen_on`;
    const accumulated = await t.dataSource.query(`SELECT ${columns} FROM incident ORDER BY id`);
    expect(accumulated).toEqual([expect.objectContaining({ units: '192', violation_count: 7 })]);
    await t.dataSource.query(REFRESH_SCALE_SQL, [accumulated.map((row: { id: string }) => row.id)]);
    expect(await t.dataSource.query(`SELECT ${columns} FROM incident ORDER BY id`)).toEqual(accumulated);
  });

  it('opens a separate incident for another province or product line', async () => {
    const response = await report('W3', [dump(1, '350100', 10), { ...dump(2, '360102', 10), sku: 'BEV-001' }]);
    expect(response.body).toMatchObject({ incidentsOpened: 2 });
    const all = (await t.http().get('/api/v1/incidents?offenderCode=ZJ-GA').set(admin()).expect(200)).body.items;
    expect(all.map((i: any) => [i.destinationRegionCode, i.productLine]).sort()).toEqual([
      ['350000', 'snacks'],
      ['360000', 'beverages'],
      ['360000', 'snacks'],
    ]);
  });

  it('opens a recurrence when the matching incident was resolved', async () => {
    const [open] = await jiangxi();
    const manager = await createUser(t, 'channel_manager');
    const move = (version: number, body: object) =>
      t.http().post(`/api/v1/incidents/${open.id}/transitions`).set(admin()).set('If-Match', String(version)).send(body).expect(200);
    await move(open.version, { to: 'investigating', assigneeId: manager.id });
    await move(open.version + 1, { to: 'confirmed', assessment: { confirmedUnits: 192, confirmedValue: '2112.00', findings: 'dumped in Jiangxi' } });
    await move(open.version + 2, { to: 'resolved' });
    const response = await report('W4', [dump(1, '360102', 5, '10.00', '2026-06-01')]);
    expect(response.body.incidentsOpened).toBe(1);
    const [recurrence] = await jiangxi();
    expect(recurrence).toMatchObject({ recurrenceOf: open.id, scale: expect.objectContaining({ units: 5 }) });
    expect(recurrence.id).not.toBe(open.id);
  });

  it('grades severity by the settings, raised for a recurrence', async () => {
    const [recurrence] = await jiangxi();
    // value 55.00, gap 5/55 = 9%: medium by price gap, high as a recurrence
    expect(recurrence.severity).toBe('high');
    const settings = (await t.http().get('/api/v1/settings/detection').set(admin()).expect(200)).body;
    await t
      .http()
      .put('/api/v1/settings/detection')
      .set(admin())
      .send({ severity: { ...settings.severity, priceGapPercent: { medium: 20, high: 40, critical: 60 } } })
      .expect(200);
    // Severity is recomputed as violations join.
    await report('W5', [dump(1, '360102', 1, '10.99', '2026-06-02')]);
    const [rescaled] = await jiangxi();
    expect(rescaled.severity).toBe('medium');
    const trail = (await t.http().get('/api/v1/audit-events?entityType=setting&entityId=detection').set(admin()).expect(200)).body.items;
    expect(trail[0]).toMatchObject({
      action: 'settings.updated',
      after: { severity: expect.objectContaining({ priceGapPercent: { medium: 20, high: 40, critical: 60 } }) },
    });
  });

  it('filters incidents by status, severity, product line and region, and pages them', async () => {
    const medium = (await t.http().get('/api/v1/incidents?severity=medium').set(admin()).expect(200)).body.items;
    expect(medium.every((i: any) => i.severity === 'medium')).toBe(true);
    const resolved = (await t.http().get('/api/v1/incidents?status=resolved').set(admin()).expect(200)).body.items;
    expect(resolved).toHaveLength(1);
    const beverages = (await t.http().get('/api/v1/incidents?productLine=beverages').set(admin()).expect(200)).body.items;
    expect(beverages).toHaveLength(1);
    const page = (await t.http().get('/api/v1/incidents?limit=2').set(admin()).expect(200)).body;
    const rest = (await t.http().get(`/api/v1/incidents?limit=2&cursor=${page.nextCursor}`).set(admin()).expect(200)).body;
    expect([...page.items, ...rest.items].map((i: any) => i.id)).toHaveLength(new Set([...page.items, ...rest.items].map((i: any) => i.id)).size);
  });

  it('refuses thresholds that do not rise, and settings changes by anyone but an admin', async () => {
    const settings = (await t.http().get('/api/v1/settings/detection').set(admin()).expect(200)).body;
    const response = await t
      .http()
      .put('/api/v1/settings/detection')
      .set(admin())
      .send({ severity: { ...settings.severity, regionsHit: { medium: 10, high: 5, critical: 30 } } })
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'severity.regionsHit.critical', problems: ['thresholds must rise: medium <= high <= critical'] }]);
    const manager = await createUser(t, 'channel_manager');
    await t.http().get('/api/v1/settings/detection').auth(manager.token, { type: 'bearer' }).expect(200);
    await t.http().put('/api/v1/settings/detection').auth(manager.token, { type: 'bearer' }).send(settings).expect(403);
  });
});
