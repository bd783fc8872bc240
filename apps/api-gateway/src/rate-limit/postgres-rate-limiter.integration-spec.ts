/**
 * The shared rate-limit counters on real Postgres, with two pools standing in for two gateway
 * replicas: concurrent hits are neither lost nor doubled, and exactly `limit` pass per window.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { integrationEnv } from '@tr4ction/testing';
import { PostgresRateLimiter } from './postgres-rate-limiter';

describe(PostgresRateLimiter.name, () => {
  let pools: Pool[];
  let replicas: PostgresRateLimiter[];

  beforeAll(() => {
    const { databaseUrl } = integrationEnv();
    pools = [new Pool({ connectionString: databaseUrl, max: 5 }), new Pool({ connectionString: databaseUrl, max: 5 })];
    replicas = pools.map((p) => new PostgresRateLimiter(p));
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
  });

  it('counts 100 concurrent hits from two replicas exactly once each; the first 10 pass', async () => {
    const subject = randomUUID();
    const decisions = await Promise.all(Array.from({ length: 100 }, (_, i) => replicas[i % 2].hit('ip', subject, 10, 3600)));
    expect(decisions.map((d) => d.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    for (const d of decisions) {
      expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(d.retryAfterSeconds).toBeLessThanOrEqual(3600);
    }
  });

  it('keeps buckets and subjects apart, and stores neither in clear', async () => {
    const subject = `person-${randomUUID()}@example.com`;
    expect((await replicas[0].hit('account', subject, 1, 3600)).allowed).toBe(true);
    expect((await replicas[1].hit('account', subject, 1, 3600)).allowed).toBe(false);
    expect((await replicas[0].hit('ip', subject, 1, 3600)).allowed).toBe(true);
    expect((await replicas[0].hit('account', `${subject}x`, 1, 3600)).allowed).toBe(true);
    const { rows } = await pools[0].query<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.rate_limit_counters WHERE key LIKE $1`, [`%${subject}%`]);
    expect(rows[0].n).toBe(0);
  });

  it('starts a new count in a new window, and prunes old windows', async () => {
    const subject = randomUUID();
    expect((await replicas[0].hit('ip', subject, 1, 1)).allowed).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await replicas[1].hit('ip', subject, 1, 1)).hits).toBe(1);
    await pools[0].query(`UPDATE gateway.rate_limit_counters SET window_start = now() - interval '2 hours' WHERE hits = 1`);
    expect(await replicas[0].prune(3600)).toBeGreaterThan(0);
  });
});
