import { seedReferenceWorld } from '../factories/reference.factory';
import { importCsv, salesCsv } from '../factories/sales.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * DESIGN §1's seed case end to end over HTTP: Jiangxi's agent complains and
 * Zhejiang's general agent reports its own dumping; the brand investigates,
 * confirms, cuts off supply, deducts the rebate, compensates Jiangxi, lifts
 * the cutoff, resolves and — someone else — closes. Every step is on record.
 */
describe('The seed story (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  let second: CreatedUser;
  let jx: CreatedUser;
  let zj: CreatedUser;
  let fj: CreatedUser;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const as = (user: CreatedUser) => ({ Authorization: `Bearer ${user.token}` });
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    second = await createUser(t, 'channel_manager');
    jx = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
    zj = await createUser(t, 'distributor', { distributorCode: 'ZJ-GA' });
    fj = await createUser(t, 'distributor', { distributorCode: 'FJ-AG' });
    const settings = (await t.http().get('/api/v1/settings/workflow').set(admin()).expect(200)).body;
    await t
      .http()
      .put('/api/v1/settings/workflow')
      .set(admin())
      .send({ ...settings, compensation: { approvalThreshold: '400.00', lostMarginPerUnit: { snacks: '0.40' } } })
      .expect(200);
  });
  afterAll(() => t.close());

  it('stops the dumping, compensates the victim and keeps every step on record', async () => {
    // Jiangxi complains; Zhejiang's own report shows the sales into Nanchang below the floors.
    const complaint = await t
      .http()
      .post('/api/v1/complaints')
      .set(as(jx))
      .send({ regionCode: '360102', productLine: 'snacks', againstDistributorCode: 'ZJ-GA', description: 'Zhejiang peanuts at 8 yuan in Nanchang' })
      .expect(201);
    const incidentId: string = complaint.body.incidentId;
    await importCsv(
      t,
      t.adminToken,
      { distributorCode: 'ZJ-GA', reportRef: 'ZJ-2026-W20' },
      salesCsv([
        // Floors: SNK-001 11.00 (a SKU floor beats the line's); SNK-002 10.50 (snacks in Jiangxi).
        { lineNo: 1, saleDate: '2026-05-12', sku: 'SNK-001', quantity: 100, unitPrice: '8.00', shipToRegionCode: '360102' },
        { lineNo: 2, saleDate: '2026-05-13', sku: 'SNK-002', quantity: 50, unitPrice: '9.00', shipToRegionCode: '360100' },
      ]),
    ).expect(201);
    let incident = (await t.http().get(`/api/v1/incidents/${incidentId}`).set(as(manager)).expect(200)).body;
    expect(incident).toMatchObject({ status: 'open', version: 1, offenderCode: 'ZJ-GA', scale: { units: 150, victimCodes: ['JX-AG'] } });

    // Investigate, then confirm with the assessment.
    const transition = (body: object, version: string, user = manager) =>
      t.http().post(`/api/v1/incidents/${incidentId}/transitions`).set(as(user)).set('If-Match', version).send(body);
    let etag = (await transition({ to: 'investigating', assigneeId: manager.id }, '1').expect(200)).headers.etag;
    etag = (
      await transition(
        { to: 'confirmed', assessment: { confirmedUnits: 150, confirmedValue: '1625.00', findings: 'Two lines into Nanchang below the floors' } },
        etag,
      ).expect(200)
    ).headers.etag;
    expect(etag).toBe('"3"');

    // Cut off supply of snacks: the ERP's supply check says blocked, for snacks only.
    const cutoff = await t
      .http()
      .post(`/api/v1/incidents/${incidentId}/actions`)
      .set(as(manager))
      .send({ type: 'supply_cutoff', productLines: ['snacks'], endsAt: inDays(30), note: 'until pricing is restored' })
      .expect(201);
    expect(cutoff.body).toMatchObject({ type: 'supply_cutoff', distributorCode: 'ZJ-GA', cutoffId: cutoff.body.id, active: true, productLines: ['snacks'] });
    const check = (sku: string) => t.http().get(`/api/v1/supply-check?distributorCode=ZJ-GA&sku=${sku}`).set(as(manager)).expect(200);
    expect((await check('SNK-001')).body).toMatchObject({ allowed: false, decision: 'blocked', cutoffs: [{ id: cutoff.body.id }] });
    expect((await check('BEV-001')).body).toMatchObject({ allowed: true, decision: 'allowed', cutoffs: [] });
    // A shipment despite the cutoff is recorded, and flagged.
    const shipment = await t
      .http()
      .post('/api/v1/shipments')
      .set(admin())
      .send({
        shipmentRef: 'SH-ZJ-LATE',
        distributorCode: 'ZJ-GA',
        shippedAt: new Date().toISOString(),
        lines: [{ sku: 'SNK-001', quantity: 20, unitPrice: '9.00' }],
      })
      .expect(201);
    expect(shipment.body.violations).toEqual({ CUTOFF_BREACH: 1 });

    // Warn and deduct the year-end rebate: both in Zhejiang's ledger.
    await t.http().post(`/api/v1/incidents/${incidentId}/actions`).set(as(manager)).send({ type: 'warning', note: 'first and last' }).expect(201);
    const deduction = await t
      .http()
      .post(`/api/v1/incidents/${incidentId}/actions`)
      .set(as(manager))
      .send({ type: 'rebate_deduction', amount: '50000.00', rebatePeriod: '2026' })
      .expect(201);
    expect(deduction.body).toMatchObject({ type: 'rebate_deduction', amount: '50000.00', rebatePeriod: '2026', distributorCode: 'ZJ-GA' });
    const ledger = (await t.http().get('/api/v1/distributors/ZJ-GA/ledger').set(as(zj)).expect(200)).body;
    expect(ledger).toMatchObject({ distributorCode: 'ZJ-GA', balance: '-50000.00' });
    expect(ledger.items.map((entry: { type: string; amount: string }) => [entry.type, entry.amount])).toEqual([
      ['rebate_deduction', '-50000.00'],
      ['warning', '0.00'],
    ]);

    // Not resolved while the cutoff holds.
    expect((await transition({ to: 'resolved' }, etag).expect(422)).body.details.reason).toMatch(/cutoff/);

    // Compensation for Jiangxi: 100 × (11.00 − 8.00) + 50 × (10.50 − 9.00) = 375.00, plus 150 units × 0.40 lost margin.
    const proposed = (await t.http().post(`/api/v1/incidents/${incidentId}/compensation/propose`).set(as(manager)).expect(201)).body;
    expect(proposed.items).toEqual([
      expect.objectContaining({
        claimantCode: 'JX-AG',
        amount: '435.00',
        status: 'proposed',
        basis: { lines: 2, units: 150, floorGap: '375.00', lostMargin: '60.00' },
        paymentRef: null,
      }),
    ]);
    const claimId: string = proposed.items[0].id;
    // Not by who proposed it; above the 400.00 threshold only by an admin.
    expect((await t.http().post(`/api/v1/claims/${claimId}/approve`).set(as(manager)).send({}).expect(422)).body.code).toBe('CLAIM_APPROVER_IS_PROPOSER');
    expect((await t.http().post(`/api/v1/claims/${claimId}/approve`).set(as(second)).send({}).expect(403)).body.code).toBe('CLAIM_NEEDS_ADMIN');
    await t.http().post(`/api/v1/claims/${claimId}/approve`).set(admin()).send({ note: 'as promised' }).expect(200);
    // Approved but unpaid: resolving waits for the cutoff only; closing would wait for the payment.
    const paid = (await t.http().post(`/api/v1/claims/${claimId}/pay`).set(as(manager)).send({ paymentRef: 'TT-2026-0612' }).expect(200)).body;
    expect(paid).toMatchObject({ status: 'paid', paymentRef: 'TT-2026-0612', amount: '435.00' });

    // Zhejiang restored normal pricing: lift the cutoff; supply is allowed again.
    const lifted = (await t.http().post(`/api/v1/cutoffs/${cutoff.body.id}/lift`).set(as(manager)).send({ reason: 'pricing restored' }).expect(200)).body;
    expect(lifted).toMatchObject({ active: false, liftReason: 'pricing restored' });
    expect((await check('SNK-001')).body).toMatchObject({ allowed: true, cutoffs: [] });

    // Resolve; close by a second user (four eyes). The actions did not change the version.
    etag = (await transition({ to: 'resolved', note: 'territory and pricing restored' }, etag).expect(200)).headers.etag;
    expect((await transition({ to: 'closed' }, etag).expect(422)).body.details.reason).toMatch(/four eyes/);
    const closed = (await transition({ to: 'closed' }, etag, second).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', version: 5, dueAt: null });

    // The audit trail holds every step, in order, by who did it.
    const audit = (
      await t.http().get(`/api/v1/audit-events?entityType=incident&entityId=${incidentId}&limit=100`).set(admin()).expect(200)
    ).body.items.reverse();
    expect(audit.map((event: { action: string }) => event.action)).toEqual([
      'incident.transitioned',
      'incident.transitioned',
      'action.taken',
      'action.taken',
      'action.taken',
      'claim.proposed',
      'claim.approved',
      'claim.paid',
      'cutoff.lifted',
      'incident.transitioned',
      'incident.transitioned',
    ]);
    expect(audit[audit.length - 1]).toMatchObject({ actor: { id: second.id }, before: { status: 'resolved' }, after: { status: 'closed', version: 5 } });

    // The timeline tells the same story, with the violations and the complaint that joined.
    const timeline = (await t.http().get(`/api/v1/incidents/${incidentId}/timeline?limit=1000`).set(as(manager)).expect(200)).body.items;
    expect(timeline.map((entry: { kind: string }) => entry.kind)).toEqual([
      'opened',
      'complaint',
      'violations_joined',
      'transition',
      'transition',
      'action',
      'violations_joined',
      'action',
      'action',
      'claim',
      'claim',
      'claim',
      'cutoff_lifted',
      'transition',
      'transition',
    ]);
    expect(timeline[6].details).toMatchObject({ sourceKind: 'shipment', types: ['CUTOFF_BREACH'], lines: 1, violations: 1 });

    // Jiangxi, the victim, sees the outcome, which kinds of enforcement, and its own claim — not Zhejiang's penalty.
    incident = (await t.http().get(`/api/v1/incidents/${incidentId}`).set(as(jx)).expect(200)).body;
    expect(incident).toMatchObject({ status: 'closed', claims: [{ claimantCode: 'JX-AG', amount: '435.00', status: 'paid' }] });
    expect(incident.actions.map((action: { type: string }) => action.type)).toEqual(['supply_cutoff', 'warning', 'rebate_deduction']);
    expect(JSON.stringify(incident.actions)).not.toContain('50000');
    expect(JSON.stringify(await t.http().get(`/api/v1/incidents/${incidentId}/timeline`).set(as(jx)))).not.toContain('50000');
    await t.http().get('/api/v1/distributors/ZJ-GA/ledger').set(as(jx)).expect(404);
    // Zhejiang, the offender, sees its penalties and cutoffs, not the claims.
    incident = (await t.http().get(`/api/v1/incidents/${incidentId}`).set(as(zj)).expect(200)).body;
    expect(incident.claims).toEqual([]);
    expect(incident.actions.find((action: { type: string }) => action.type === 'rebate_deduction')).toMatchObject({ amount: '50000.00' });
    expect(JSON.stringify(await t.http().get(`/api/v1/incidents/${incidentId}/timeline`).set(as(zj)))).not.toMatch(/435\.00|JX-AG/);
    expect((await t.http().get('/api/v1/claims').set(as(zj)).expect(200)).body.items).toEqual([]);
    expect((await t.http().get('/api/v1/cutoffs').set(as(zj)).expect(200)).body.items).toHaveLength(1);
    // Fujian is no party to it.
    await t.http().get(`/api/v1/incidents/${incidentId}`).set(as(fj)).expect(404);
  });
});
