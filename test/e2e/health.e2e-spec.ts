import { TcpProxy } from '../support/tcp-proxy';
import { createTestApp, TestApp } from '../support/test-app';

describe('Health and database outages (e2e)', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    // The service reaches its database through a proxy the test can cut.
    t = await createTestApp({
      databaseUrl: async (database) => {
        const url = new URL(database.url);
        proxy = await new TcpProxy(url.hostname, Number(url.port)).start();
        url.port = String(proxy.port);
        return url.toString();
      },
    });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.cut();
  });

  it('reports the database up', async () => {
    const response = await t.http().get('/api/v1/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('keeps running when the database goes away: health says so, requests get 503, and it recovers', async () => {
    await proxy.cut();

    const health = await t.http().get('/api/v1/health').expect(503);
    expect(health.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    const request = await t.http().get('/api/v1/users').auth(t.adminToken, { type: 'bearer' }).expect(503);
    expect(request.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', requestId: expect.any(String) });
    await t.http().get('/api/v1/health/live').expect(200);

    await proxy.restore();
    await t.http().get('/api/v1/health').expect(200);
    await t.http().get('/api/v1/users').auth(t.adminToken, { type: 'bearer' }).expect(200);
  });
});
