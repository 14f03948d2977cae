import { createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';

describe('Error shape and mapping (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { JSON_BODY_LIMIT: '64kb' } });
  });
  afterAll(() => t.close());

  const post = (path: string) => t.http().post(`/api/v1${path}`).auth(t.adminToken, { type: 'bearer' });

  it('lists every invalid field with its problems, as a 400', async () => {
    const response = await post('/users').send({ email: 'not-an-email', password: 'short', role: 'king', extra: 1 }).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('Invalid request'),
      details: expect.arrayContaining([
        { field: 'extra', problems: ['property extra should not exist'] },
        { field: 'email', problems: ['email must be an email address'] },
        { field: 'password', problems: ['password must be longer than or equal to 10 characters'] },
        { field: 'role', problems: ['role must be one of: admin, channel_manager, field_rep, distributor'] },
      ]),
      requestId: expect.any(String),
    });
  });

  it('refuses a distributor user without a distributor, and a distributor code on another role', async () => {
    const missing = await post('/users').send({ email: 'd@example.com', password: 'long-enough-1', role: 'distributor' }).expect(400);
    expect(missing.body.details).toEqual([
      { field: 'distributorCode', problems: expect.arrayContaining(['distributorCode is required for the distributor role']) },
    ]);
    const misplaced = await post('/users').send({ email: 'm@example.com', password: 'long-enough-1', role: 'field_rep', distributorCode: 'X' }).expect(400);
    expect(misplaced.body.details).toEqual([{ field: 'distributorCode', problems: ['distributorCode is only allowed for the distributor role'] }]);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and a request id', async () => {
    const response = await post('/users').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', requestId: expect.any(String) });
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await post('/users')
      .send({ email: 'x'.repeat(70 * 1024) })
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps a unique violation to 409 by constraint name, storing nothing twice', async () => {
    const body = { email: 'twice@example.com', password: 'long-enough-1', role: 'field_rep' };
    await post('/users').send(body).expect(201);
    const response = await post('/users')
      .send({ ...body, email: 'TWICE@example.com' })
      .expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'USER_EMAIL_TAKEN', message: 'A user with this email already exists' });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE email = 'twice@example.com'`);
    expect(count).toBe(1);
  });

  it('answers an unknown id with 404 and a malformed id with 400', async () => {
    const missing = await t.http().get('/api/v1/users/01890000-0000-7000-8000-000000000000').auth(t.adminToken, { type: 'bearer' }).expect(404);
    expect(missing.body.code).toBe('USER_NOT_FOUND');
    const malformed = await t.http().get('/api/v1/users/42').auth(t.adminToken, { type: 'bearer' }).expect(400);
    expect(malformed.body).toMatchObject({ code: 'INVALID_VALUE', message: 'id must be a UUID' });
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const response = await t.http().get('/api/v1/no-such-thing').auth(t.adminToken, { type: 'bearer' }).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('echoes a caller-supplied X-Request-Id in the header and the error body', async () => {
    const response = await t.http().get('/api/v1/users').set('X-Request-Id', 'edge-proxy-42').expect(401);
    expect(response.headers['x-request-id']).toBe('edge-proxy-42');
    expect(response.body.requestId).toBe('edge-proxy-42');
  });

  it('refuses an unknown cursor with 400 and paginates with a cursor', async () => {
    const bad = await t.http().get('/api/v1/users?cursor=nonsense').auth(t.adminToken, { type: 'bearer' }).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    for (let i = 0; i < 3; i += 1) await createUser(t, 'field_rep');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await t.http().get(`/api/v1/users?role=field_rep&limit=2${query}`).auth(t.adminToken, { type: 'bearer' }).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((user: { id: string }) => user.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE role = 'field_rep'`);
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
  });

  it('refuses a page size over 1000', async () => {
    const response = await t.http().get('/api/v1/users?limit=1001').auth(t.adminToken, { type: 'bearer' }).expect(400);
    expect(response.body.details).toEqual([{ field: 'limit', problems: ['limit must not be greater than 1000'] }]);
  });

  it('keeps the last active admin', async () => {
    const me = await t.http().get('/api/v1/auth/me').auth(t.adminToken, { type: 'bearer' }).expect(200);
    const response = await t.http().patch(`/api/v1/users/${me.body.id}`).auth(t.adminToken, { type: 'bearer' }).send({ role: 'field_rep' }).expect(422);
    expect(response.body.code).toBe('USER_LAST_ADMIN');
  });
});
