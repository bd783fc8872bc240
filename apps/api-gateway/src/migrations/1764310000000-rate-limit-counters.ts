import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed-window request counters shared by every gateway replica. Keys are SHA-256 digests of
 * "bucket:subject", so neither client addresses nor emails are stored here.
 */
export class RateLimitCounters1764310000000 implements MigrationInterface {
  name = 'RateLimitCounters1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.rate_limit_counters (
      key text PRIMARY KEY,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL
    )`);
    await q.query(`CREATE INDEX rate_limit_counters_window ON gateway.rate_limit_counters (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.rate_limit_counters`);
  }
}
