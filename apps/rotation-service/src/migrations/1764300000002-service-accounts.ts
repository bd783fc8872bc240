import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * service_accounts_v1 projects the `service-account-<id>` streams; the secrets are kept only as
 * SHA-256 hashes beside it (never in events). A row with valid_until NULL is the current secret;
 * the previous one keeps a valid_until at the end of its grace window.
 */
export class ServiceAccounts1764300000002 implements MigrationInterface {
  name = 'ServiceAccounts1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.service_accounts_v1 (
      id uuid PRIMARY KEY,
      client_id text NOT NULL UNIQUE,
      name text NOT NULL,
      scopes text[] NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'revoked')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      secret_rotated_at timestamptz NOT NULL,
      previous_valid_until timestamptz,
      revoked_at timestamptz,
      version integer NOT NULL
    )`);
    await q.query(`CREATE TABLE rotation.service_account_secrets (
      account_id uuid NOT NULL,
      secret_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      valid_until timestamptz,
      PRIMARY KEY (account_id, secret_hash)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotation.service_account_secrets`);
    await q.query(`DROP TABLE rotation.service_accounts_v1`);
  }
}
