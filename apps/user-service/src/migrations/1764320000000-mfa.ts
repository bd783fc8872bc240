import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors and recovery codes. A TOTP secret is stored only encrypted (AES-256-GCM under
 * MFA_ENCRYPTION_KEY, bound to the factor id); `last_used_step` is the newest accepted time step,
 * moved forward only by a conditional UPDATE so a code is accepted once across replicas. Recovery
 * codes are stored only as keyed hashes; `used_at` is set once, by the UPDATE that spends them.
 */
export class Mfa1764320000000 implements MigrationInterface {
  name = 'Mfa1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users.mfa_factors (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('totp')),
      label text NOT NULL,
      secret_encrypted text NOT NULL,
      created_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      last_used_at timestamptz,
      last_used_step bigint
    )`);
    await q.query(`CREATE INDEX mfa_factors_user ON users.mfa_factors (user_id)`);
    await q.query(`CREATE TABLE users.mfa_recovery_codes (
      user_id uuid NOT NULL,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.mfa_recovery_codes`);
    await q.query(`DROP TABLE users.mfa_factors`);
  }
}
