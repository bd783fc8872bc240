import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending second steps of logins: an opaque mfa_token, stored only as its SHA-256 hash, bound to
 * one user, valid for minutes and spent by the challenge that completes the login.
 */
export class MfaChallenges1765100000000 implements MigrationInterface {
  name = 'MfaChallenges1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth.mfa_challenges (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`);
    await q.query(`CREATE INDEX mfa_challenges_expiry ON auth.mfa_challenges (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.mfa_challenges`);
  }
}
