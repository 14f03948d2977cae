import { randomUUID } from 'node:crypto';
import { Client, Notification } from 'pg';
import { EVENTS_CHANNEL } from '../../src/common/events/domain-events';
import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** DESIGN §6's state machine over HTTP: If-Match, guards, SLA, four eyes, concurrent transitions. */
describe('Incident workflow (e2e)', () => {
  let t: TestApp;
  let manager: CreatedUser;
  let other: CreatedUser;
  let rep: CreatedUser;
  let victim: CreatedUser;
  const assessment = { confirmedUnits: 120, confirmedValue: '1320.00', findings: 'Zhejiang stock sold in Nanchang at 8.00' };

  /** An open incident against ZJ-GA in Jiangxi, on a product line of its own so that tests do not share one. */
  const openIncident = async (victims: string[] = []): Promise<{ id: string; version: number }> => {
    const [row] = await t.dataSource.query(
      `INSERT INTO incident (number, offender_code, product_line, destination_region_code, victim_codes, due_at)
       VALUES ('INC-T-' || substr(md5(random()::text), 1, 8), 'ZJ-GA', $1, '360000', $2, now() + interval '48 hours') RETURNING id, version`,
      [`line-${randomUUID()}`, victims],
    );
    return row;
  };
  const move = (id: string, body: object, version: number | string | undefined, user: CreatedUser = manager) => {
    const request = t.http().post(`/api/v1/incidents/${id}/transitions`).auth(user.token, { type: 'bearer' });
    if (version !== undefined) request.set('If-Match', String(version));
    return request.send(body);
  };
  const get = async (id: string, user: CreatedUser = manager) =>
    (await t.http().get(`/api/v1/incidents/${id}`).auth(user.token, { type: 'bearer' }).expect(200)).body;
  /** Moves an incident to `confirmed`, as `by`. */
  const confirmed = async (by: CreatedUser = manager) => {
    const incident = await openIncident();
    await move(incident.id, { to: 'investigating', assigneeId: by.id }, 1, by).expect(200);
    await move(incident.id, { to: 'confirmed', assessment }, 2, by).expect(200);
    return incident.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedReferenceWorld(t);
    manager = await createUser(t, 'channel_manager');
    other = await createUser(t, 'channel_manager');
    rep = await createUser(t, 'field_rep');
    victim = await createUser(t, 'distributor', { distributorCode: 'JX-AG' });
  });
  afterAll(() => t.close());

  describe('POST /incidents/:id/transitions', () => {
    it('applies a move with the version read, answers the new version in the body and the ETag, and records it', async () => {
      const incident = await openIncident();
      const response = await move(incident.id, { to: 'investigating', assigneeId: manager.id, note: 'taking it' }, 1).expect(200);
      expect(response.body).toMatchObject({ id: incident.id, status: 'investigating', version: 2, assigneeId: manager.id });
      expect(response.headers.etag).toBe('"2"');
      const [audit] = await t.dataSource.query(`SELECT actor_id, before, after FROM audit_event WHERE entity_id = $1 AND action = 'incident.transitioned'`, [
        incident.id,
      ]);
      expect(audit).toMatchObject({
        actor_id: manager.id,
        before: { status: 'open', version: 1 },
        after: { status: 'investigating', version: 2, note: 'taking it' },
      });
      // The ETag given back as If-Match is taken.
      await move(incident.id, { to: 'dismissed', reason: 'a permitted transfer after all' }, response.headers.etag).expect(200);
    });

    it('answers the version as ETag on GET too', async () => {
      const incident = await openIncident();
      const response = await t.http().get(`/api/v1/incidents/${incident.id}`).auth(manager.token, { type: 'bearer' }).expect(200);
      expect(response.headers.etag).toBe('"1"');
    });

    it('is 428 without If-Match, 412 with a stale one, 400 with a malformed one, and changes nothing', async () => {
      const incident = await openIncident();
      expect((await move(incident.id, { to: 'investigating', assigneeId: manager.id }, undefined).expect(428)).body.code).toBe('INCIDENT_VERSION_REQUIRED');
      const stale = await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 7).expect(412);
      expect(stale.body).toMatchObject({ code: 'INCIDENT_VERSION_STALE', details: { currentVersion: 1 } });
      expect((await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 'v1').expect(400)).body.code).toBe('INCIDENT_VERSION_MALFORMED');
      expect(await get(incident.id)).toMatchObject({ status: 'open', version: 1 });
    });

    it('refuses an illegal move with 422 and {from, to, reason}', async () => {
      const incident = await openIncident();
      const response = await move(incident.id, { to: 'resolved' }, 1).expect(422);
      expect(response.body).toMatchObject({
        code: 'INCIDENT_ILLEGAL_TRANSITION',
        details: { from: 'open', to: 'resolved', reason: 'from open the only moves are to investigating or dismissed' },
      });
    });

    it('refuses a guarded move with 422 and the guard’s reason', async () => {
      const incident = await openIncident();
      expect((await move(incident.id, { to: 'investigating' }, 1).expect(422)).body).toMatchObject({
        code: 'INCIDENT_TRANSITION_GUARDED',
        details: { from: 'open', to: 'investigating', reason: 'investigating needs an assignee: send assigneeId' },
      });
      expect((await move(incident.id, { to: 'investigating', assigneeId: rep.id }, 1).expect(422)).body.details.reason).toBe(
        'the assignee must be a channel_manager or an admin',
      );
      expect((await move(incident.id, { to: 'investigating', assigneeId: randomUUID() }, 1).expect(422)).body.details.reason).toMatch(/is not a user/);
      expect((await move(incident.id, { to: 'dismissed' }, 1).expect(422)).body.details.reason).toBe('dismissing needs a reason');
      await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 1).expect(200);
      expect((await move(incident.id, { to: 'confirmed' }, 2).expect(422)).body.details.reason).toMatch(/assessment/);
      expect(await get(incident.id)).toMatchObject({ status: 'investigating', version: 2 });
    });

    it('validates what the move carries', async () => {
      const incident = await openIncident();
      await move(incident.id, { to: 'sideways' }, 1).expect(400);
      await move(incident.id, { to: 'confirmed', assessment: { confirmedUnits: -1, confirmedValue: 'lots', findings: '' } }, 1).expect(400);
      await move(incident.id, { to: 'investigating', assigneeId: 'not-a-uuid' }, 1).expect(400);
    });

    it('keeps the assessment on a confirmed incident, for managers only', async () => {
      const id = await confirmed();
      const incident = await get(id);
      expect(incident).toMatchObject({
        status: 'confirmed',
        version: 3,
        assessment: { confirmedUnits: 120, confirmedValue: '1320.00', findings: assessment.findings, confirmedBy: manager.id },
      });
    });

    it('lets field reps and distributors read but never move an incident', async () => {
      const incident = await openIncident(['JX-AG']);
      await move(incident.id, { to: 'dismissed', reason: 'x' }, 1, rep).expect(403);
      await move(incident.id, { to: 'dismissed', reason: 'x' }, 1, victim).expect(403);
      const next = (await t.http().get(`/api/v1/incidents/${incident.id}/next-states`).auth(victim.token, { type: 'bearer' }).expect(200)).body;
      expect(next.items.every((item: { allowed: boolean }) => !item.allowed)).toBe(true);
      expect((await get(incident.id, victim)).assessment).toBeNull();
    });

    it('is a 404 for an incident the caller may not see', async () => {
      await move(randomUUID(), { to: 'dismissed', reason: 'x' }, 1).expect(404);
    });
  });

  describe('events', () => {
    it('announce an applied transition on commit, and nothing for a refused one', async () => {
      const listener = new Client({ connectionString: t.database.url });
      listener.on('error', () => undefined);
      await listener.connect();
      const heard: Array<Record<string, unknown>> = [];
      listener.on('notification', (message: Notification) => heard.push(JSON.parse(message.payload ?? '{}')));
      await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
      try {
        const incident = await openIncident();
        await move(incident.id, { to: 'resolved' }, 1).expect(422);
        await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 1).expect(200);
        await listener.query('SELECT 1');
        const mine = heard.filter((event) => event.incidentId === incident.id);
        expect(mine).toEqual([expect.objectContaining({ type: 'incident.transitioned', from: 'open', to: 'investigating', version: 2 })]);
      } finally {
        await listener.end();
      }
    });
  });

  describe('20 concurrent transitions on one incident', () => {
    it('apply exactly one; the others are 412 or 422; the version rises by one per applied move', async () => {
      const incident = await openIncident();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          index % 2 === 0
            ? move(incident.id, { to: 'investigating', assigneeId: manager.id }, 1)
            : move(incident.id, { to: 'dismissed', reason: `race ${index}` }, 1),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.every((status) => [200, 412, 422].includes(status))).toBe(true);
      const after = await get(incident.id);
      expect(after.version).toBe(2);
      // A second round at the new version: again exactly one wins.
      const second = await Promise.all(
        Array.from({ length: 20 }, () =>
          move(incident.id, after.status === 'investigating' ? { to: 'dismissed', reason: 'round two' } : { to: 'investigating' }, 2),
        ),
      );
      expect(second.filter((response) => response.status === 200).length).toBeLessThanOrEqual(1);
      const versions = (
        await t.dataSource.query(
          `SELECT (after ->> 'version')::int AS version FROM audit_event WHERE entity_id = $1 AND action = 'incident.transitioned' ORDER BY id`,
          [incident.id],
        )
      ).map((row: { version: number }) => row.version);
      expect(versions).toEqual(versions.map((_: number, index: number) => index + 2));
      expect((await get(incident.id)).version).toBe(1 + versions.length);
    });
  });

  describe('POST /incidents/:id/assign', () => {
    it('hands the investigation over, moving the version on, to a manager only', async () => {
      const incident = await openIncident();
      await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 1).expect(200);
      const assign = (body: object) => t.http().post(`/api/v1/incidents/${incident.id}/assign`).auth(manager.token, { type: 'bearer' }).send(body);
      const response = await assign({ assigneeId: other.id, note: 'holiday' }).expect(200);
      expect(response.body).toMatchObject({ assigneeId: other.id, version: 3, status: 'investigating' });
      expect(response.headers.etag).toBe('"3"');
      expect((await assign({ assigneeId: rep.id }).expect(422)).body.code).toBe('INCIDENT_ASSIGNEE_INVALID');
      await assign({}).expect(400);
      await move(incident.id, { to: 'dismissed', reason: 'no case' }, 2).expect(412);
      await move(incident.id, { to: 'dismissed', reason: 'no case' }, 3).expect(200);
      expect((await assign({ assigneeId: manager.id }).expect(422)).body.code).toBe('INCIDENT_FINAL');
    });
  });

  describe('GET /incidents/:id/next-states', () => {
    it('lists the moves with what they need and what blocks them', async () => {
      const incident = await openIncident();
      const next = (await t.http().get(`/api/v1/incidents/${incident.id}/next-states`).auth(manager.token, { type: 'bearer' }).expect(200)).body;
      expect(next).toEqual({
        status: 'open',
        version: 1,
        items: [
          { to: 'investigating', allowed: true, reason: null, requires: ['assigneeId'] },
          { to: 'dismissed', allowed: true, reason: null, requires: ['reason'] },
        ],
      });
    });
  });

  describe('closing', () => {
    it('needs a user other than the one who confirmed (four eyes)', async () => {
      const id = await confirmed(manager);
      await move(id, { to: 'resolved' }, 3).expect(200);
      expect((await move(id, { to: 'closed' }, 4, manager).expect(422)).body.details.reason).toMatch(/four eyes/);
      await move(id, { to: 'closed' }, 4, other).expect(200);
    });

    it('lets the one who confirmed close when the setting turns four eyes off', async () => {
      const admin = { Authorization: `Bearer ${t.adminToken}` };
      const settings = (await t.http().get('/api/v1/settings/workflow').set(admin).expect(200)).body;
      await t
        .http()
        .put('/api/v1/settings/workflow')
        .set(admin)
        .send({ ...settings, fourEyesClose: false })
        .expect(200);
      try {
        const id = await confirmed(manager);
        await move(id, { to: 'resolved' }, 3).expect(200);
        await move(id, { to: 'closed' }, 4, manager).expect(200);
      } finally {
        await t.http().put('/api/v1/settings/workflow').set(admin).send(settings).expect(200);
      }
    });
  });

  describe('SLA', () => {
    it('gives each state its due time from the settings, and none once final', async () => {
      const admin = { Authorization: `Bearer ${t.adminToken}` };
      const settings = (await t.http().get('/api/v1/settings/workflow').set(admin).expect(200)).body;
      expect(settings).toMatchObject({ slaHours: { open: 48, investigating: 240, confirmed: 720 }, fourEyesClose: true });
      await t
        .http()
        .put('/api/v1/settings/workflow')
        .set(admin)
        .send({ ...settings, slaHours: { open: 48, investigating: 24, confirmed: 72 } })
        .expect(200);
      try {
        const incident = await openIncident();
        const started = Date.now();
        const investigating = (await move(incident.id, { to: 'investigating', assigneeId: manager.id }, 1).expect(200)).body;
        expect(new Date(investigating.dueAt).getTime() - started).toBeGreaterThan(24 * 3_600_000 - 60_000);
        expect(new Date(investigating.dueAt).getTime() - started).toBeLessThan(24 * 3_600_000 + 60_000);
        const dismissed = (await move(incident.id, { to: 'dismissed', reason: 'not ours' }, 2).expect(200)).body;
        expect(dismissed).toMatchObject({ dueAt: null, overdue: false, dismissalReason: 'not ours' });
      } finally {
        await t.http().put('/api/v1/settings/workflow').set(admin).send(settings).expect(200);
      }
    });

    it('opens incidents from intake due within the open SLA', async () => {
      const response = await t
        .http()
        .post('/api/v1/complaints')
        .auth(victim.token, { type: 'bearer' })
        .send({ regionCode: '360102', productLine: 'beverages', againstDistributorCode: 'NB-B', description: 'cheap tea' })
        .expect(201);
      const incident = await get(response.body.incidentId);
      const hours = (new Date(incident.dueAt).getTime() - new Date(incident.openedAt).getTime()) / 3_600_000;
      expect(hours).toBeCloseTo(48, 1);
    });

    it('lists overdue incidents and marks them', async () => {
      const late = await openIncident();
      const onTime = await openIncident();
      await t.dataSource.query(`UPDATE incident SET due_at = now() - interval '1 hour' WHERE id = $1`, [late.id]);
      const overdue = (await t.http().get('/api/v1/incidents?overdue=true&limit=1000').auth(manager.token, { type: 'bearer' }).expect(200)).body.items;
      expect(overdue.map((incident: { id: string }) => incident.id)).toContain(late.id);
      expect(overdue.map((incident: { id: string }) => incident.id)).not.toContain(onTime.id);
      expect(overdue.every((incident: { overdue: boolean }) => incident.overdue)).toBe(true);
      expect((await get(late.id)).overdue).toBe(true);
    });

    it('refuses settings that make no sense', async () => {
      const admin = { Authorization: `Bearer ${t.adminToken}` };
      const settings = (await t.http().get('/api/v1/settings/workflow').set(admin).expect(200)).body;
      const bad = await t
        .http()
        .put('/api/v1/settings/workflow')
        .set(admin)
        .send({
          ...settings,
          slaHours: { open: 0, investigating: 24, confirmed: 72 },
          compensation: { approvalThreshold: 'x', lostMarginPerUnit: { snacks: 'a lot' } },
        })
        .expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/open/);
      expect(JSON.stringify(bad.body)).toMatch(/lostMarginPerUnit/);
      await t.http().put('/api/v1/settings/workflow').auth(manager.token, { type: 'bearer' }).send(settings).expect(403);
    });
  });

  describe('comments and the timeline', () => {
    it('puts comments and transitions on the timeline in order, by who made them', async () => {
      const incident = await openIncident();
      const comment = await t
        .http()
        .post(`/api/v1/incidents/${incident.id}/comments`)
        .auth(manager.token, { type: 'bearer' })
        .send({ body: 'called the Zhejiang agent' })
        .expect(201);
      expect(comment.body).toMatchObject({ incidentId: incident.id, body: 'called the Zhejiang agent', authorId: manager.id });
      await move(incident.id, { to: 'investigating', assigneeId: other.id }, 1).expect(200);
      const timeline = (await t.http().get(`/api/v1/incidents/${incident.id}/timeline`).auth(manager.token, { type: 'bearer' }).expect(200)).body;
      expect(timeline.items.map((entry: { kind: string }) => entry.kind)).toEqual(['opened', 'comment', 'transition']);
      expect(timeline.items[2]).toMatchObject({ actor: { id: manager.id }, details: { from: 'open', to: 'investigating', assigneeId: other.id } });
      await t.http().post(`/api/v1/incidents/${incident.id}/comments`).auth(rep.token, { type: 'bearer' }).send({ body: 'x' }).expect(403);
      await t.http().post(`/api/v1/incidents/${incident.id}/comments`).auth(manager.token, { type: 'bearer' }).send({ body: '' }).expect(400);
    });
  });
});
