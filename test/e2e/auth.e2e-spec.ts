import { ensureDistributor } from '../factories/reference.factory';
import { createUser } from '../factories/users.factory';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';

describe('Authentication and roles (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  describe('POST /auth/login', () => {
    it('gives the seeded admin a bearer token that identifies it', async () => {
      const login = await t.http().post('/api/v1/auth/login').send(ADMIN).expect(200);
      expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 12 * 3600 });
      const me = await t.http().get('/api/v1/auth/me').auth(login.body.accessToken, { type: 'bearer' }).expect(200);
      expect(me.body).toMatchObject({ kind: 'user', role: 'admin', label: ADMIN.email, distributorCode: null });
    });

    it('accepts the email in any case', async () => {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ ...ADMIN, email: ADMIN.email.toUpperCase() })
        .expect(200);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const wrongPassword = await t.http().post('/api/v1/auth/login').send({ email: ADMIN.email, password: 'not-the-password' }).expect(401);
      const unknownEmail = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'not-the-password' }).expect(401);
      expect(wrongPassword.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'AUTH_INVALID_CREDENTIALS' });
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(unknownEmail.body)).toEqual(strip(wrongPassword.body));
    });

    it('refuses an inactive user like a wrong password', async () => {
      const user = await createUser(t, 'field_rep');
      await t.http().patch(`/api/v1/users/${user.id}`).auth(t.adminToken, { type: 'bearer' }).send({ active: false }).expect(200);
      const response = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
      expect(response.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    });

    it('rate-limits repeated attempts for one address and email with 429 and Retry-After', async () => {
      const attempt = () => t.http().post('/api/v1/auth/login').send({ email: 'target@example.com', password: 'guess-guess' });
      for (let i = 0; i < 5; i += 1) await attempt().expect(401);
      const blocked = await attempt().expect(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Another email from the same address is counted separately.
      await t.http().post('/api/v1/auth/login').send({ email: 'other@example.com', password: 'guess-guess' }).expect(401);
      // Without TRUST_PROXY a forwarded address is anyone's to send: it does not open a new count.
      await attempt().set('X-Forwarded-For', '203.0.113.9').expect(429);
    });
  });

  describe('behind a proxy (TRUST_PROXY=1)', () => {
    let proxied: TestApp;
    const before = { LOGIN_RATE_LIMIT: process.env.LOGIN_RATE_LIMIT, TRUST_PROXY: process.env.TRUST_PROXY };
    beforeAll(async () => {
      proxied = await createTestApp({ env: { LOGIN_RATE_LIMIT: '2', TRUST_PROXY: '1' } });
    });
    afterAll(async () => {
      await proxied.close();
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('counts login attempts per forwarded client address', async () => {
      const attempt = (client: string) =>
        proxied.http().post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email: 'target@example.com', password: 'guess-guess' });
      for (let i = 0; i < 2; i += 1) await attempt('203.0.113.1').expect(401);
      await attempt('203.0.113.1').expect(429);
      // Another client behind the same proxy has a count of its own.
      await attempt('203.0.113.2').expect(401);
    });
  });

  describe('the global guard', () => {
    it('answers 401 without credentials', async () => {
      const response = await t.http().get('/api/v1/users').expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'AUTH_MISSING_CREDENTIALS', requestId: expect.any(String) });
    });

    it('answers 401 for a forged or malformed token', async () => {
      const response = await t.http().get('/api/v1/users').auth('not.a.jwt', { type: 'bearer' }).expect(401);
      expect(response.body.code).toBe('AUTH_INVALID_TOKEN');
    });

    it('answers 403 for a role the route is not for', async () => {
      const rep = await createUser(t, 'field_rep');
      const response = await t.http().get('/api/v1/users').auth(rep.token, { type: 'bearer' }).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'AUTH_FORBIDDEN_ROLE' });
    });

    it('leaves health public', async () => {
      await t.http().get('/api/v1/health').expect(200);
    });

    it('refuses tokens issued before a password change', async () => {
      const user = await createUser(t, 'channel_manager');
      await t.http().get('/api/v1/auth/me').auth(user.token, { type: 'bearer' }).expect(200);
      // Tokens carry whole seconds; make sure the change lands in a later second than the token.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await t.http().patch(`/api/v1/users/${user.id}`).auth(t.adminToken, { type: 'bearer' }).send({ password: 'a-new-password-1' }).expect(200);
      const stale = await t.http().get('/api/v1/auth/me').auth(user.token, { type: 'bearer' }).expect(401);
      expect(stale.body.code).toBe('AUTH_INVALID_TOKEN');
      await t.login(user.email, 'a-new-password-1');
    });
  });

  describe('API keys', () => {
    it('are shown once, work as Bearer or X-API-Key, carry their role, and stop working when revoked', async () => {
      await ensureDistributor(t, 'ZJ-001');
      const created = await t
        .http()
        .post('/api/v1/api-keys')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ name: 'Zhejiang ERP', role: 'distributor', distributorCode: 'ZJ-001' })
        .expect(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^cck_/);
      expect(created.body).toMatchObject({ role: 'distributor', distributorCode: 'ZJ-001', keyPrefix: key.slice(0, 12), revokedAt: null });

      const listed = await t.http().get('/api/v1/api-keys').auth(t.adminToken, { type: 'bearer' }).expect(200);
      const row = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
      expect(row).toBeDefined();
      expect(row.key).toBeUndefined();

      const stored = await t.dataSource.query('SELECT key_hash FROM api_key WHERE id = $1', [created.body.id]);
      expect(stored[0].key_hash).not.toContain(key);

      const viaBearer = await t.http().get('/api/v1/auth/me').auth(key, { type: 'bearer' }).expect(200);
      expect(viaBearer.body).toMatchObject({ kind: 'api_key', role: 'distributor', distributorCode: 'ZJ-001', label: 'api-key:Zhejiang ERP' });
      await t.http().get('/api/v1/auth/me').set('X-API-Key', key).expect(200);
      await t.http().get('/api/v1/users').set('X-API-Key', key).expect(403);

      await t.http().post(`/api/v1/api-keys/${created.body.id}/revoke`).auth(t.adminToken, { type: 'bearer' }).expect(200);
      const revoked = await t.http().get('/api/v1/auth/me').set('X-API-Key', key).expect(401);
      expect(revoked.body.code).toBe('AUTH_INVALID_API_KEY');
      await t.http().post(`/api/v1/api-keys/${created.body.id}/revoke`).auth(t.adminToken, { type: 'bearer' }).expect(409);
    });

    it('refuse an unknown distributor with 422', async () => {
      const response = await t
        .http()
        .post('/api/v1/api-keys')
        .auth(t.adminToken, { type: 'bearer' })
        .send({ name: 'x', role: 'distributor', distributorCode: 'NOPE' })
        .expect(422);
      expect(response.body.code).toBe('DISTRIBUTOR_UNKNOWN');
    });

    it('require a distributor for the distributor role', async () => {
      const response = await t.http().post('/api/v1/api-keys').auth(t.adminToken, { type: 'bearer' }).send({ name: 'x', role: 'distributor' }).expect(400);
      expect(response.body.details).toEqual([
        { field: 'distributorCode', problems: expect.arrayContaining(['distributorCode is required for the distributor role']) },
      ]);
    });

    it('refuses an unknown key', async () => {
      const response = await t.http().get('/api/v1/auth/me').set('X-API-Key', 'cck_unknown').expect(401);
      expect(response.body.code).toBe('AUTH_INVALID_API_KEY');
    });
  });

  describe('an address spraying many emails', () => {
    it('also limits one address trying many emails', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        statuses.push(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .send({ email: `spray-${i}@example.com`, password: 'guess-guess' })
          ).status,
        );
      }
      expect(statuses).toContain(429);
      expect(statuses.filter((status) => status === 401).length).toBeLessThan(50);
    });
  });
});
