import type { Server } from 'node:http';
import { seedReferenceWorld } from '../factories/reference.factory';
import { createUser, CreatedUser } from '../factories/users.factory';
import { openSse, SseStream } from '../support/sse';
import { createTestApp, TestApp } from '../support/test-app';

/** GET /events: live events from any instance, each caller hearing what concerns it. */
describe('Events (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  let manager: CreatedUser;
  let jx: CreatedUser;
  let zj: CreatedUser;
  let nb: CreatedUser;
  const streams: SseStream[] = [];
  const servers: Server[] = [];
  const listen = async (t: TestApp) => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return server;
  };
  const open = async (t: TestApp, user: CreatedUser) => {
    const stream = await openSse(await listen(t), '/api/v1/events', { authorization: `Bearer ${user.token}` });
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    first = await createTestApp({ env: { EVENTS_HEARTBEAT_MS: '300' } });
    // A second instance of the service on the same database.
    second = await createTestApp({ databaseUrl: () => first.database.url });
    await seedReferenceWorld(first);
    manager = await createUser(first, 'channel_manager');
    jx = await createUser(first, 'distributor', { distributorCode: 'JX-AG' });
    zj = await createUser(first, 'distributor', { distributorCode: 'ZJ-GA' });
    nb = await createUser(first, 'distributor', { distributorCode: 'NB-A' });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await second.app.close();
    await second.database.drop();
    await first.close();
  });

  it('fans events out across instances, each caller hearing what concerns it, with heartbeats', async () => {
    const managerOnSecond = await open(second, manager);
    const victim = await open(first, jx);
    const offender = await open(second, zj);
    const stranger = await open(first, nb);
    await managerOnSecond.next((event) => event.event === 'heartbeat', 3_000);

    const complaint = await first
      .http()
      .post('/api/v1/complaints')
      .auth(jx.token, { type: 'bearer' })
      .send({ regionCode: '360102', productLine: 'snacks', againstDistributorCode: 'ZJ-GA', description: 'cheap peanuts' })
      .expect(201);
    const incidentId = complaint.body.incidentId as string;
    const opened = (event: { event: string; data: Record<string, unknown> }) => event.event === 'incident.opened' && event.data.incidentId === incidentId;
    expect((await managerOnSecond.next(opened)).data).toMatchObject({
      type: 'incident.opened',
      offenderCode: 'ZJ-GA',
      productLine: 'snacks',
      destinationRegionCode: '360000',
    });
    await offender.next(opened);
    await victim.next(opened);

    await first
      .http()
      .post(`/api/v1/incidents/${incidentId}/transitions`)
      .auth(manager.token, { type: 'bearer' })
      .set('If-Match', '1')
      .send({ to: 'investigating', assigneeId: manager.id })
      .expect(200);
    const transitioned = (event: { event: string; data: Record<string, unknown> }) =>
      event.event === 'incident.transitioned' && event.data.incidentId === incidentId;
    expect((await victim.next(transitioned)).data).toMatchObject({ from: 'open', to: 'investigating', version: 2 });
    await offender.next(transitioned);
    await managerOnSecond.next(transitioned);
    // The stranger heard heartbeats, and nothing of this incident.
    await stranger.next((event) => event.event === 'heartbeat', 3_000);
    expect(stranger.events.filter((event) => event.data.incidentId === incidentId)).toEqual([]);
  });

  it('ends a stream once its caller’s credential no longer stands', async () => {
    const rep = await createUser(first, 'channel_manager');
    const stream = await open(first, rep);
    await stream.next((event) => event.event === 'heartbeat', 3_000);
    await first.http().patch(`/api/v1/users/${rep.id}`).auth(first.adminToken, { type: 'bearer' }).send({ active: false }).expect(200);
    await Promise.race([stream.ended, new Promise((_, fail) => setTimeout(() => fail(new Error('the stream went on')), 3_000))]);
  });

  it('refuses a caller without a token', async () => {
    await first.http().get('/api/v1/events').expect(401);
  });
});
