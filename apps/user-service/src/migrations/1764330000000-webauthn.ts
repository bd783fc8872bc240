import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys (WebAuthn) as second factors, in the same table as TOTP factors so listing, removal,
 * reset and recovery codes treat every factor alike. A passkey has no secret here: its credential
 * id, COSE public key (base64url) and sign counter; `webauthn_sign_count` only moves forward.
 * A registration's challenge waits in `webauthn_registrations`, one per user, spent by the first
 * registration that reads it (DELETE ... RETURNING) whether or not the response then verifies.
 */
export class Webauthn1764330000000 implements MigrationInterface {
  name = 'Webauthn1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.mfa_factors DROP CONSTRAINT IF EXISTS mfa_factors_type_check`);
    await q.query(`ALTER TABLE users.mfa_factors ADD CONSTRAINT mfa_factors_type_check CHECK (type IN ('totp', 'webauthn'))`);
    await q.query(`ALTER TABLE users.mfa_factors ALTER COLUMN secret_encrypted DROP NOT NULL`);
    await q.query(`ALTER TABLE users.mfa_factors
      ADD COLUMN webauthn_credential_id text,
      ADD COLUMN webauthn_public_key text,
      ADD COLUMN webauthn_sign_count bigint,
      ADD COLUMN webauthn_transports text[]`);
    await q.query(`ALTER TABLE users.mfa_factors ADD CONSTRAINT mfa_factors_kind_check CHECK (
      (type = 'totp' AND secret_encrypted IS NOT NULL) OR
      (type = 'webauthn' AND webauthn_credential_id IS NOT NULL AND webauthn_public_key IS NOT NULL AND webauthn_sign_count IS NOT NULL))`);
    // A credential belongs to one account: a second registration of the same authenticator is refused.
    await q.query(`CREATE UNIQUE INDEX mfa_factors_webauthn_credential ON users.mfa_factors (webauthn_credential_id) WHERE webauthn_credential_id IS NOT NULL`);
    await q.query(`CREATE TABLE users.webauthn_registrations (
      user_id uuid PRIMARY KEY,
      challenge text NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.webauthn_registrations`);
    await q.query(`DELETE FROM users.mfa_factors WHERE type = 'webauthn'`);
    await q.query(`DROP INDEX users.mfa_factors_webauthn_credential`);
    await q.query(`ALTER TABLE users.mfa_factors DROP CONSTRAINT mfa_factors_kind_check`);
    await q.query(
      `ALTER TABLE users.mfa_factors DROP COLUMN webauthn_credential_id, DROP COLUMN webauthn_public_key, DROP COLUMN webauthn_sign_count, DROP COLUMN webauthn_transports`,
    );
    await q.query(`ALTER TABLE users.mfa_factors ALTER COLUMN secret_encrypted SET NOT NULL`);
    await q.query(`ALTER TABLE users.mfa_factors DROP CONSTRAINT mfa_factors_type_check`);
    await q.query(`ALTER TABLE users.mfa_factors ADD CONSTRAINT mfa_factors_type_check CHECK (type IN ('totp'))`);
  }
}
