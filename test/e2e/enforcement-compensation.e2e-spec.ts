import { randomUUID } from 'node:crypto';
import { seedReferenceWorld } from '../factories/reference.factory';
import { reportSales, SalesLine } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** Enforcement, compensation and appeals on confirmed incidents: the rules around the seed story. */
describe('Enforcement, compensation and appeals (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  let second: CreatedUser;
  let rep: CreatedUser;
  let jx: CreatedUser;
  let hz: CreatedUser;
  let nbA: CreatedUser;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const as = (user: CreatedUser) => ({ Authorization: `Bearer ${user.token}` });
  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
  let reports = 0;

  /** A report of `offender`'s sales into Jiangxi, and the incident it opened (or joined). */
  const report = async (offender: string, lines: Array<Partial<SalesLine>>): Promise<string> => {
    reports += 1;
    const [violation] = await reportSales(t, { distributorCode: offender, reportRef: `R-${reports}` }, lines, {
      saleDate: '2026-05-12',
      sku: 'SNK-001',
      quantity: 10,
      unitPrice: '8.00',
      shipToRegionCode: '360102',
    });
    return violation.incidentId;
  };
  const version = async (id: string) => (await t.http().get(`/api/v1/incidents/${id}`).set(admin()).expect(200)).body.version as number;
  /** Moves an incident at its current version; answers the response, expected to have `status`. */
  const transition = async (id: string, body: object, status: number, user = manager) =>
    t
      .http()
      .post(`/api/v1/incidents/${id}/transitions`)
      .set(as(user))
      .set('If-Match', String(await version(id)))
      .send(body)
      .expect(status);
  const confirm = async (id: string) => {
    await transition(id, { to: 'investigating', assigneeId: manager.id }, 200);
    await transition(id, { to: 'confirmed', assessment: { confirmedUnits: 1, confirmedValue: '1.00', findings: 'confirmed' } }, 200);
  };
  const act = (id: string, body: object, user = manager) => t.http().post(`/api/v1/incidents/${id}/actions`).set(as(user)).send(body);
  const propose = (id: string) => t.http().post(`/api/v1/incidents/${id}/compensation/propose`).set(as(manager));

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    second = await createUser(t, 'channel_manager');
    rep = await createUser(t, 'field_rep');
    jx = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    hz = await createUser(t, 'distributor', { distributorCode: 'HZ-SUB' });
    nbA = await createUser(t, 'distributor', { distributorCode: 'NB-A' });
  });
  afterAll(() => t.close());

  describe('actions', () => {
    let confirmed: string;
    beforeAll(async () => {
      confirmed = await report('NB-B', [{}]);
      await confirm(confirmed);
    });

    it('are only taken on a confirmed incident', async () => {
      const open = await report('NB-A', [{ sku: 'BEV-001', unitPrice: '1.00' }]);
      expect((await act(open, { type: 'warning' }).expect(422)).body).toMatchObject({ code: 'INCIDENT_NOT_CONFIRMED', details: { status: 'open' } });
    });

    it('take what each kind needs and nothing else', async () => {
      expect((await act(confirmed, { type: 'rebate_deduction', amount: '10.00' }).expect(400)).body.message).toMatch(/rebatePeriod is required/);
      expect((await act(confirmed, { type: 'fine' }).expect(400)).body.message).toMatch(/amount is required/);
      expect((await act(confirmed, { type: 'warning', amount: '5.00' }).expect(400)).body.message).toMatch(/amount does not apply to a warning/);
      expect((await act(confirmed, { type: 'supply_cutoff' }).expect(400)).body.message).toMatch(/endsAt is required/);
      expect((await act(confirmed, { type: 'fine', amount: '-5' }).expect(400)).body.message).toMatch(/amount/);
      expect((await act(confirmed, { type: 'fine', amount: '5.00', skus: ['SNK-001'] }).expect(400)).body.message).toMatch(/skus does not apply/);
      await act(confirmed, { type: 'supply_cutoff', startsAt: inMs(60_000), endsAt: inMs(1_000) }).expect(400);
      await act(confirmed, { type: 'demotion' }).expect(400);
      expect((await act(confirmed, { type: 'supply_cutoff', endsAt: inMs(60_000), skus: ['NOPE-1'] }).expect(422)).body.message).toMatch(/NOPE-1/);
      expect((await act(confirmed, { type: 'supply_cutoff', endsAt: inMs(60_000), productLines: ['toys'] }).expect(422)).body.message).toMatch(/toys/);
      expect((await act(confirmed, { type: 'warning', distributorCode: 'NOBODY' }).expect(422)).body.code).toBe('DISTRIBUTOR_UNKNOWN');
      expect((await t.http().get('/api/v1/distributors/NB-B/ledger').set(admin()).expect(200)).body.items).toEqual([]);
    });

    it('are for managers only', async () => {
      await act(confirmed, { type: 'warning' }, rep).expect(403);
      await act(confirmed, { type: 'warning' }, jx).expect(403);
    });

    it('may concern another distributor than the offender', async () => {
      const fine = (await act(confirmed, { type: 'fine', amount: '12.34', distributorCode: 'NB-A' }).expect(201)).body;
      expect(fine).toMatchObject({ type: 'fine', distributorCode: 'NB-A', amount: '12.34' });
      const ledger = (await t.http().get('/api/v1/distributors/NB-A/ledger').set(as(nbA)).expect(200)).body;
      expect(ledger).toMatchObject({ balance: '-12.34', items: [{ id: fine.id, incidentId: confirmed, type: 'fine', amount: '-12.34' }] });
      await t.http().get('/api/v1/distributors/NOBODY/ledger').set(admin()).expect(404);
    });
  });

  describe('supply cutoffs', () => {
    let incident: string;
    beforeAll(async () => {
      incident = await report('HZ-SUB', [{}]);
      await confirm(incident);
    });
    const ship = (shippedAt: string, lines: object[]) =>
      t
        .http()
        .post('/api/v1/shipments')
        .set(admin())
        .send({ shipmentRef: `SH-${randomUUID()}`, distributorCode: 'HZ-SUB', shippedAt, lines })
        .expect(201);
    const check = (distributor: string, sku: string, user?: CreatedUser) =>
      t
        .http()
        .get(`/api/v1/supply-check?distributorCode=${distributor}&sku=${sku}`)
        .set(user ? as(user) : admin());

    it('block the SKUs they name while in force, flag shipments made despite them, and not returns or other SKUs', async () => {
      const cutoff = (await act(incident, { type: 'supply_cutoff', skus: ['SNK-002'], endsAt: inMs(3_600_000) }).expect(201)).body;
      expect((await check('HZ-SUB', 'SNK-002').expect(200)).body).toMatchObject({ allowed: false, decision: 'blocked', productLine: 'snacks' });
      expect((await check('HZ-SUB', 'SNK-001').expect(200)).body).toMatchObject({ allowed: true });
      expect((await check('NB-A', 'SNK-002').expect(200)).body).toMatchObject({ allowed: true });
      const shipment = await ship(new Date().toISOString(), [
        { sku: 'SNK-002', quantity: 5, unitPrice: '9.00' },
        { sku: 'SNK-001', quantity: 5, unitPrice: '9.00' },
        { sku: 'SNK-002', quantity: -2, unitPrice: '9.00' },
      ]);
      expect(shipment.body.violations).toEqual({ CUTOFF_BREACH: 1 });
      const breach = (await t.http().get(`/api/v1/violations?type=CUTOFF_BREACH&incidentId=${incident}`).set(admin()).expect(200)).body.items;
      expect(breach).toEqual([
        expect.objectContaining({
          type: 'CUTOFF_BREACH',
          offenderCode: null,
          incidentId: incident,
          sku: 'SNK-002',
          quantity: 5,
          source: expect.objectContaining({ kind: 'shipment', id: shipment.body.id, lineNo: 1 }),
          evidence: expect.objectContaining({ cutoffId: cutoff.id, distributorCode: 'HZ-SUB' }),
        }),
      ]);
      // A breach is the shipping side's, not dumping: the incident's scale is unchanged.
      expect((await t.http().get(`/api/v1/incidents/${incident}`).set(admin()).expect(200)).body.scale.units).toBe(10);
      // Shipments made before it started are no breach: one dated last year goes through clean.
      const earlier = await ship('2025-01-01T08:00:00Z', [{ sku: 'SNK-002', quantity: 5, unitPrice: '9.00' }]);
      expect(earlier.body.violations).toEqual({});
      // A CSV file is flagged as a JSON shipment is.
      const csv = [
        'shipment_ref,distributor_code,shipped_at,line_no,sku,quantity,unit_price,lot,serial,serial_from,serial_to',
        `SH-CSV-${randomUUID()},HZ-SUB,${new Date().toISOString()},1,SNK-002,3,9.00,,,,`,
      ].join('\n');
      const imported = await t.http().post('/api/v1/shipments/import').set(admin()).set('Content-Type', 'text/csv').send(csv).expect(201);
      expect(imported.body.violations).toEqual({ CUTOFF_BREACH: 1 });
      await t.http().post(`/api/v1/cutoffs/${cutoff.id}/lift`).set(as(manager)).send({}).expect(200);
      expect((await t.http().post(`/api/v1/cutoffs/${cutoff.id}/lift`).set(as(manager)).send({}).expect(422)).body.code).toBe('CUTOFF_NOT_ACTIVE');
    });

    it('end by themselves at their planned end', async () => {
      const cutoff = (await act(incident, { type: 'supply_cutoff', endsAt: inMs(1_500) }).expect(201)).body;
      expect((await check('HZ-SUB', 'BEV-001').expect(200)).body.allowed).toBe(false);
      const active = (await t.http().get('/api/v1/cutoffs?distributorCode=HZ-SUB&active=true').set(admin()).expect(200)).body.items;
      expect(active.map((item: { id: string }) => item.id)).toEqual([cutoff.id]);
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      expect((await check('HZ-SUB', 'BEV-001').expect(200)).body.allowed).toBe(true);
      expect((await t.http().get('/api/v1/cutoffs?distributorCode=HZ-SUB&active=true').set(admin()).expect(200)).body.items).toEqual([]);
      const ended = (await t.http().get(`/api/v1/cutoffs?incidentId=${incident}&active=false`).set(admin()).expect(200)).body.items;
      expect(ended.find((item: { id: string }) => item.id === cutoff.id)).toMatchObject({ active: false, liftedAt: null });
      expect((await t.http().post(`/api/v1/cutoffs/${cutoff.id}/lift`).set(as(manager)).send({}).expect(422)).body.message).toMatch(/already ended/);
      // Ended, it no longer holds the incident back.
      await transition(incident, { to: 'resolved' }, 200);
    });

    it('answer supply checks with clear errors', async () => {
      expect((await check('HZ-SUB', 'NOPE').expect(422)).body.code).toBe('PRODUCT_UNKNOWN');
      expect((await check('NOBODY', 'SNK-001').expect(422)).body.code).toBe('DISTRIBUTOR_UNKNOWN');
      await t.http().get('/api/v1/supply-check?distributorCode=HZ-SUB').set(admin()).expect(400);
      // A distributor checks its own supply, not another's.
      await check('HZ-SUB', 'SNK-001', hz).expect(200);
      await check('JX-AG', 'SNK-001', hz).expect(404);
      await t.http().post(`/api/v1/cutoffs/${randomUUID()}/lift`).set(as(manager)).send({}).expect(404);
    });
  });

  describe('compensation claims', () => {
    it('are revised while undecided, kept once decided, and hold back resolving and closing until settled', async () => {
      const settings = (await t.http().get('/api/v1/settings/workflow').set(admin()).expect(200)).body;
      const incident = await report('ZJ-GA', [{ quantity: 10, unitPrice: '8.00' }]);
      await propose(incident).expect(422);
      await confirm(incident);
      // 10 × (11.00 − 8.00), no lost margin by default.
      let claims = (await propose(incident).expect(201)).body.items;
      expect(claims).toEqual([expect.objectContaining({ claimantCode: 'JX-AG', amount: '30.00', status: 'proposed' })]);
      const claimId = claims[0].id;
      await t
        .http()
        .put('/api/v1/settings/workflow')
        .set(admin())
        .send({ ...settings, compensation: { ...settings.compensation, lostMarginPerUnit: { snacks: '1.25' } } })
        .expect(200);
      claims = (await propose(incident).expect(201)).body.items;
      expect(claims).toEqual([
        expect.objectContaining({ id: claimId, amount: '42.50', basis: { lines: 1, units: 10, floorGap: '30.00', lostMargin: '12.50' } }),
      ]);
      await t.http().put('/api/v1/settings/workflow').set(admin()).send(settings).expect(200);

      const adjusted = await t.http().post(`/api/v1/claims/${claimId}/adjust`).set(as(second)).send({ amount: '40.00', reason: 'rounded' }).expect(200);
      expect(adjusted.body).toMatchObject({ amount: '40.00', proposedAmount: '42.50', adjustmentReason: 'rounded', status: 'proposed' });
      await t.http().post(`/api/v1/claims/${claimId}/adjust`).set(as(second)).send({ amount: '40.00' }).expect(400);
      // Who set the amount does not approve it alone.
      expect((await t.http().post(`/api/v1/claims/${claimId}/approve`).set(as(second)).send({}).expect(422)).body.message).toMatch(/adjusted/);
      await t.http().post(`/api/v1/claims/${claimId}/pay`).set(as(second)).send({ paymentRef: 'X' }).expect(422);
      expect((await transition(incident, { to: 'resolved' }, 422)).body.details.reason).toMatch(/undecided/);
      await t.http().post(`/api/v1/claims/${claimId}/approve`).set(admin()).send({}).expect(200);
      await t.http().post(`/api/v1/claims/${claimId}/reject`).set(as(second)).send({ reason: 'late' }).expect(422);
      // Decided claims stay as decided when proposing again.
      expect((await propose(incident).expect(201)).body.items).toEqual([expect.objectContaining({ id: claimId, amount: '40.00', status: 'approved' })]);
      await transition(incident, { to: 'resolved' }, 200);
      expect((await transition(incident, { to: 'closed' }, 422, second)).body.details.reason).toMatch(/not paid/);
      await t.http().post(`/api/v1/claims/${claimId}/pay`).set(as(second)).send({}).expect(400);
      await t.http().post(`/api/v1/claims/${claimId}/pay`).set(as(second)).send({ paymentRef: 'TT-1' }).expect(200);
      await transition(incident, { to: 'closed' }, 200, second);
      // The claimant sees its own claims; no one else's.
      const own = (await t.http().get('/api/v1/claims').set(as(jx)).expect(200)).body.items.find((claim: { id: string }) => claim.id === claimId);
      expect(own).toMatchObject({ status: 'paid', amount: '40.00', proposedBy: null, adjustedBy: null, decidedBy: null });
      await t.http().get(`/api/v1/claims/${claimId}`).set(as(hz)).expect(404);
      await t.http().post(`/api/v1/claims/${claimId}/approve`).set(as(jx)).send({}).expect(403);
    });

    it('can be rejected, with a reason', async () => {
      const incident = await report('NB-A', [{ unitPrice: '10.00' }]);
      await confirm(incident);
      const [claim] = (await propose(incident).expect(201)).body.items;
      expect(claim).toMatchObject({ claimantCode: 'JX-AG', amount: '10.00' });
      await t.http().post(`/api/v1/claims/${claim.id}/reject`).set(as(second)).send({}).expect(400);
      const rejected = (await t.http().post(`/api/v1/claims/${claim.id}/reject`).set(as(second)).send({ reason: 'already settled in kind' }).expect(200)).body;
      expect(rejected).toMatchObject({ status: 'rejected', decisionNote: 'already settled in kind', decidedBy: second.id });
      await transition(incident, { to: 'resolved' }, 200);
    });

    it('are not proposed where no distributor holds the territory for the line', async () => {
      const incident = await report('JX-AG', [{ shipToRegionCode: '350200', unitPrice: '5.00' }]);
      await confirm(incident);
      // Fujian's grant is for modern trade only: a line without a channel has no victim there.
      expect((await propose(incident).expect(201)).body.items).toEqual([]);
    });
  });

  describe('appeals', () => {
    let incident: string;
    let violations: Array<{ id: string; type: string; source: { lineNo: number } }>;
    beforeAll(async () => {
      incident = await report('HZ-SUB', [
        { sku: 'SNK-002', quantity: 10, unitPrice: '8.00', shipToRegionCode: '360100' },
        { sku: 'SNK-002', quantity: 20, unitPrice: '9.00', shipToRegionCode: '360100' },
      ]);
      violations = (await t.http().get(`/api/v1/violations?incidentId=${incident}&sku=SNK-002&limit=1000`).set(admin()).expect(200)).body.items.filter(
        (violation: { sku: string }) => violation.sku === 'SNK-002',
      );
    });
    const appeal = (violationId: string, user = hz, body: object = { reason: 'sold to a Hangzhou customer who moved', evidence: 'invoice 123' }) =>
      t.http().post(`/api/v1/violations/${violationId}/appeals`).set(as(user)).send(body);

    it('void the violation when accepted, rescale the incident and revise its undecided claims', async () => {
      const line1 = violations.filter((violation) => violation.source.lineNo === 1);
      expect(line1.map((violation) => violation.type).sort()).toEqual(['BELOW_FLOOR', 'OUT_OF_TERRITORY']);
      const before = (await t.http().get(`/api/v1/incidents/${incident}`).set(admin()).expect(200)).body.scale;
      // The recurrence this report opened holds only its two lines.
      expect(before.units).toBe(30);
      await confirm(incident);
      const claimBefore = (await propose(incident).expect(201)).body.items.find((claim: { claimantCode: string }) => claim.claimantCode === 'JX-AG');
      const appeals = [];
      for (const violation of line1) appeals.push((await appeal(violation.id).expect(201)).body);
      expect(appeals[0]).toMatchObject({ status: 'pending', distributorCode: 'HZ-SUB', incidentId: incident, evidence: 'invoice 123' });
      expect((await appeal(line1[0].id).expect(409)).body.code).toBe('APPEAL_PENDING');
      for (const filed of appeals) {
        await t.http().post(`/api/v1/appeals/${filed.id}/accept`).set(as(manager)).send({ reason: 'invoice checks out' }).expect(200);
      }
      const after = (await t.http().get(`/api/v1/incidents/${incident}`).set(admin()).expect(200)).body.scale;
      expect(after.units).toBe(before.units - 10);
      const voided = (await t.http().get(`/api/v1/violations/${line1[0].id}`).set(admin()).expect(200)).body;
      expect(voided).toMatchObject({ status: 'voided', voidReason: 'appeal accepted: invoice checks out' });
      // Line 1 was 10 × (10.50 − 8.00) = 25.00 of the claim, line 2 is 20 × (10.50 − 9.00) = 30.00.
      expect(claimBefore.amount).toBe('55.00');
      const claimAfter = (await t.http().get(`/api/v1/claims/${claimBefore.id}`).set(admin()).expect(200)).body;
      expect(claimAfter).toMatchObject({ amount: '30.00', status: 'proposed', basis: { lines: 1, units: 20, floorGap: '30.00', lostMargin: '0.00' } });
      expect((await t.http().post(`/api/v1/appeals/${appeals[0].id}/reject`).set(as(manager)).send({ reason: 'x' }).expect(422)).body.code).toBe(
        'APPEAL_DECIDED',
      );
      expect((await appeal(line1[0].id).expect(422)).body.code).toBe('APPEAL_NOT_APPEALABLE');
    });

    it('need a reason to be rejected, change nothing then, and are only for the accused', async () => {
      const line2 = violations.find((violation) => violation.source.lineNo === 2)!;
      await appeal(line2.id, jx).expect(404);
      await appeal(line2.id, manager).expect(403);
      await appeal(line2.id, hz, {}).expect(400);
      const filed = (await appeal(line2.id).expect(201)).body;
      await t.http().post(`/api/v1/appeals/${filed.id}/reject`).set(as(manager)).send({}).expect(400);
      await t.http().post(`/api/v1/appeals/${filed.id}/accept`).set(as(hz)).send({}).expect(403);
      const rejected = (await t.http().post(`/api/v1/appeals/${filed.id}/reject`).set(as(manager)).send({ reason: 'the route is documented' }).expect(200))
        .body;
      expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'the route is documented', decidedBy: manager.id });
      expect((await t.http().get(`/api/v1/violations/${line2.id}`).set(admin()).expect(200)).body.status).toBe('active');
      expect((await t.http().get('/api/v1/appeals').set(as(hz)).expect(200)).body.items.length).toBeGreaterThanOrEqual(3);
      expect((await t.http().get('/api/v1/appeals').set(as(jx)).expect(200)).body.items).toEqual([]);
      const timeline = (await t.http().get(`/api/v1/incidents/${incident}/timeline?limit=1000`).set(as(hz)).expect(200)).body.items;
      expect(timeline.filter((entry: { kind: string }) => entry.kind === 'appeal').length).toBeGreaterThanOrEqual(4);
    });
  });
});
