import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';

describe('PostgresThrottlerStorage', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let storage: PostgresThrottlerStorage;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    storage = new PostgresThrottlerStorage(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('counts hits within the window and blocks past the limit', async () => {
    const hits = [];
    for (let i = 0; i < 4; i += 1) hits.push(await storage.increment('k1', 60_000, 3, 30_000, 'login'));
    expect(hits.map((hit) => hit.totalHits)).toEqual([1, 2, 3, 4]);
    expect(hits.map((hit) => hit.isBlocked)).toEqual([false, false, false, true]);
    expect(hits[3].timeToBlockExpire).toBeGreaterThan(25);
    expect(hits[0].timeToExpire).toBeGreaterThan(55);
  });

  it('keeps separate keys and throttlers apart', async () => {
    await storage.increment('k2', 60_000, 1, 60_000, 'login');
    expect((await storage.increment('k2', 60_000, 1, 60_000, 'other')).isBlocked).toBe(false);
    expect((await storage.increment('k3', 60_000, 1, 60_000, 'login')).isBlocked).toBe(false);
  });

  it('opens a new window once the old one and its block have expired', async () => {
    await storage.increment('k4', 60_000, 1, 60_000, 'login');
    await storage.increment('k4', 60_000, 1, 60_000, 'login');
    await dataSource.query(
      `UPDATE rate_limit_bucket SET expires_at = now() - interval '1 second', blocked_until = now() - interval '1 second' WHERE key = 'login:k4'`,
    );
    const fresh = await storage.increment('k4', 60_000, 1, 60_000, 'login');
    expect(fresh).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts concurrent hits exactly', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => storage.increment('k5', 60_000, 10, 60_000, 'login')));
    expect(results.map((result) => result.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((result) => result.isBlocked)).toHaveLength(10);
  });
});
