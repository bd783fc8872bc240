import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The passkey challenge of a login waiting for its second factor, bound to its mfa_token: issued
 * by authentication-options, cleared by the next challenge attempt whatever its outcome (single use).
 */
export class MfaWebauthnChallenges1765200000000 implements MigrationInterface {
  name = 'MfaWebauthnChallenges1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.mfa_challenges ADD COLUMN webauthn_challenge text, ADD COLUMN webauthn_challenge_expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth.mfa_challenges DROP COLUMN webauthn_challenge, DROP COLUMN webauthn_challenge_expires_at`);
  }
}
