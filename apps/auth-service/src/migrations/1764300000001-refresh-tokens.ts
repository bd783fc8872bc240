import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refresh tokens are opaque and stored only as SHA-256 hashes, grouped in rotation families. */
export class RefreshTokens1764300000001 implements MigrationInterface {
  name = 'RefreshTokens1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth.refresh_tokens (
      token_hash text PRIMARY KEY,
      family_id uuid NOT NULL,
      user_id uuid NOT NULL,
      roles text[] NOT NULL,
      scope text NOT NULL,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      spent_at timestamptz,
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX refresh_tokens_family ON auth.refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user ON auth.refresh_tokens (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.refresh_tokens`);
  }
}
