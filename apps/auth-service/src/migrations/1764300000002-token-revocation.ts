import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation state, persisted here so that every gateway replica can rebuild it after a restart:
 * - revoked_tokens: denied access-token jtis, keyed by issuer and jti, kept until the token expires;
 * - user_token_cutoffs: a user's (or service account's) tokens issued before not_before are void;
 * - global_token_cutoff: the emergency switch, every token issued before not_before is void.
 * refresh_tokens learns which access token was issued with each refresh token, so revoking a
 * family also denies the access tokens it produced.
 */
export class TokenRevocation1764300000002 implements MigrationInterface {
  name = 'TokenRevocation1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.refresh_tokens ADD COLUMN access_jti text, ADD COLUMN access_expires_at timestamptz`);
    await q.query(`CREATE INDEX refresh_tokens_access_jti ON auth.refresh_tokens (access_jti)`);
    await q.query(`CREATE TABLE auth.revoked_tokens (
      issuer text NOT NULL,
      jti text NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (issuer, jti)
    )`);
    await q.query(`CREATE INDEX revoked_tokens_expires ON auth.revoked_tokens (expires_at)`);
    // Shared by name with the identity feature (admin "revoke a user's tokens"), hence IF NOT EXISTS.
    await q.query(`CREATE TABLE IF NOT EXISTS auth.user_token_cutoffs (
      user_id uuid PRIMARY KEY,
      not_before timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE auth.global_token_cutoff (
      id smallint PRIMARY KEY CHECK (id = 1),
      not_before timestamptz NOT NULL,
      reason text NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.global_token_cutoff`);
    await q.query(`DROP TABLE IF EXISTS auth.user_token_cutoffs`);
    await q.query(`DROP TABLE auth.revoked_tokens`);
    await q.query(`DROP INDEX auth.refresh_tokens_access_jti`);
    await q.query(`ALTER TABLE auth.refresh_tokens DROP COLUMN access_jti, DROP COLUMN access_expires_at`);
  }
}
