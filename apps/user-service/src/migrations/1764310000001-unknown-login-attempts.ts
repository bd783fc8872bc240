import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts against emails that have no account, counted like real ones (keyed by a SHA-256 of
 * the normalized email, so typed-in addresses are not stored). A login for an unknown email thus
 * does the same database work as one for a real account (a counted attempt committed before the
 * hash check), and its timing does not tell the two apart. Rows older than a day are pruned.
 */
export class UnknownLoginAttempts1764310000001 implements MigrationInterface {
  name = 'UnknownLoginAttempts1764310000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users.unknown_login_attempts (
      email_hash text PRIMARY KEY,
      attempts integer NOT NULL,
      last_attempt_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX unknown_login_attempts_last ON users.unknown_login_attempts (last_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.unknown_login_attempts`);
  }
}
