import { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Fixed-window counters in PostgreSQL, so every service instance sees the
 * same attempts. One statement per hit: count, open a new window, or block.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO rate_limit_bucket AS bucket (key, hits, expires_at)
       VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN bucket.expires_at <= now() AND coalesce(bucket.blocked_until <= now(), true) THEN 1 ELSE bucket.hits + 1 END,
         expires_at = CASE WHEN bucket.expires_at <= now() THEN excluded.expires_at ELSE bucket.expires_at END,
         blocked_until = CASE
           WHEN bucket.blocked_until > now() THEN bucket.blocked_until
           WHEN bucket.expires_at > now() AND bucket.hits + 1 > $3 THEN now() + $4 * interval '1 millisecond'
           ELSE NULL END
       RETURNING hits,
         ceil(extract(epoch FROM (expires_at - now())))::int AS "timeToExpire",
         ceil(extract(epoch FROM (coalesce(blocked_until, now()) - now())))::int AS "timeToBlockExpire",
         coalesce(blocked_until > now(), false) AS "isBlocked"`,
      [`${throttlerName}:${key}`, ttl, limit, blockDuration],
    )) as Array<{ hits: number; timeToExpire: number; timeToBlockExpire: number; isBlocked: boolean }>;
    if (Math.random() < 0.01) {
      void this.dataSource.query(`DELETE FROM rate_limit_bucket WHERE expires_at < now() AND coalesce(blocked_until < now(), true)`).catch(() => undefined);
    }
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(row.timeToExpire, 0),
      isBlocked: row.isBlocked,
      timeToBlockExpire: Math.max(row.timeToBlockExpire, 0),
    };
  }
}
