import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest snapshot of each user stream: the folded aggregate state at `version`, so loading a
 * long stream reads the snapshot and only the events after it. A cache of the stream, never the
 * truth: replay drops and rewrites it, and a snapshot of an older state format is ignored. It holds
 * what the events hold and nothing more (no hash, no secret).
 */
export class UserSnapshots1766100000000 implements MigrationInterface {
  name = 'UserSnapshots1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users.user_snapshots (
      stream_id text PRIMARY KEY,
      version integer NOT NULL,
      state jsonb NOT NULL,
      taken_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.user_snapshots`);
  }
}
