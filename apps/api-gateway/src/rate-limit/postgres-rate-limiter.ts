/**
 * Fixed-window counters in Postgres, shared by every gateway replica: one
 * `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` per request is atomic, so replicas can neither
 * lose nor double a hit, and no replica keeps its own count. Windows are cut from Postgres's
 * clock, so replicas with skewed clocks still agree on them.
 *
 * Why Postgres rather than NATS JetStream KV: KV has no atomic increment (a compare-and-set loop
 * that retries under exactly the bursts we are limiting) and NATS 2.9 has no per-key TTL; the
 * platform already depends on Postgres for every request that matters here.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';

export interface RateLimitDecision {
  allowed: boolean;
  hits: number;
  limit: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

export class PostgresRateLimiter {
  constructor(private readonly pool: Pool) {}

  async hit(bucket: string, subject: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    const key = createHash('sha256').update(`${bucket}:${subject}`).digest('hex');
    const { rows } = await this.pool.query<{ hits: number; remaining: string }>(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2::integer) * $2::integer) AS start)
       INSERT INTO gateway.rate_limit_counters AS c (key, window_start, hits) SELECT $1, w.start, 1 FROM w
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_start >= EXCLUDED.window_start THEN c.hits + 1 ELSE 1 END,
         window_start = GREATEST(c.window_start, EXCLUDED.window_start)
       RETURNING hits, extract(epoch FROM (window_start + make_interval(secs => $2::integer) - clock_timestamp())) AS remaining`,
      [key, windowSeconds],
    );
    const hits = rows[0].hits;
    return { allowed: hits <= limit, hits, limit, retryAfterSeconds: Math.max(1, Math.ceil(Number(rows[0].remaining))) };
  }

  /** Drops counters of windows long gone; any replica may run it, it is idempotent. */
  async prune(olderThanSeconds: number): Promise<number> {
    const res = await this.pool.query(`DELETE FROM gateway.rate_limit_counters WHERE window_start < clock_timestamp() - make_interval(secs => $1::integer)`, [
      olderThanSeconds,
    ]);
    return res.rowCount ?? 0;
  }
}
