import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('Audit trail (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records a change with its actor, before/after and request id', async () => {
    const response = await t
      .http()
      .post('/api/v1/users')
      .auth(t.adminToken, { type: 'bearer' })
      .set('X-Request-Id', 'audit-req-1')
      .send({ email: 'audited@example.com', password: 'long-enough-1', role: 'channel_manager' })
      .expect(201);
    const me = await t.http().get('/api/v1/auth/me').auth(t.adminToken, { type: 'bearer' }).expect(200);

    const trail = await t.http().get(`/api/v1/audit-events?entityType=user&entityId=${response.body.id}`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        action: 'user.created',
        entityType: 'user',
        entityId: response.body.id,
        actor: { kind: 'user', id: me.body.id, label: 'admin@example.com' },
        before: null,
        after: expect.objectContaining({ email: 'audited@example.com', role: 'channel_manager' }),
        requestId: 'audit-req-1',
      }),
    ]);
    expect(JSON.stringify(trail.body)).not.toContain('password_hash');
    expect(JSON.stringify(trail.body)).not.toContain('argon2');
  });

  it('records before and after of an update', async () => {
    const user = await createUser(t, 'field_rep');
    await t.http().patch(`/api/v1/users/${user.id}`).auth(t.adminToken, { type: 'bearer' }).send({ active: false }).expect(200);
    const trail = await t.http().get(`/api/v1/audit-events?entityId=${user.id}&action=user.updated`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0].before).toMatchObject({ active: true });
    expect(trail.body.items[0].after).toMatchObject({ active: false, passwordChanged: false });
  });

  it('writes nothing when the change fails', async () => {
    const body = { email: 'once@example.com', password: 'long-enough-1', role: 'field_rep' };
    await t.http().post('/api/v1/users').auth(t.adminToken, { type: 'bearer' }).send(body).expect(201);
    const before = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_event`);
    await t.http().post('/api/v1/users').auth(t.adminToken, { type: 'bearer' }).send(body).expect(409);
    const after = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_event`);
    expect(after[0].count).toBe(before[0].count);
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET action = 'tampered'`],
    ['DELETE', `DELETE FROM audit_event`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('is refused an %s by the database itself', async (operation, sql) => {
    await expect(t.dataSource.query(sql)).rejects.toThrow(`audit_event is append-only: ${operation} is not allowed`);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_event WHERE action = 'tampered'`);
    expect(count).toBe(0);
  });

  it('is for admins only', async () => {
    const manager = await createUser(t, 'channel_manager');
    await t.http().get('/api/v1/audit-events').auth(manager.token, { type: 'bearer' }).expect(403);
  });
});
