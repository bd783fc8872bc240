import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * signing_keys_v1 is the current-state projection of the `signing-key-<kid>` streams (rebuilt by
 * replay). The private halves live in signing_key_material, encrypted under the master key, and
 * never in an event. A partial unique index makes "exactly one active key" a database fact, so no
 * crash or race between replicas can leave two signers behind.
 */
export class SigningKeys1764300000001 implements MigrationInterface {
  name = 'SigningKeys1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.signing_keys_v1 (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      status text NOT NULL CHECK (status IN ('next', 'active', 'retiring', 'retired', 'revoked')),
      public_pem text NOT NULL,
      public_jwk jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      activated_at timestamptz,
      retiring_at timestamptz,
      retired_at timestamptz,
      revoked_at timestamptz,
      revoke_reason text,
      version integer NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX signing_keys_v1_one_active ON rotation.signing_keys_v1 ((status)) WHERE status = 'active'`);
    // Key material beside the events: the public half (so replay can rebuild the projection) and
    // the private half, AES-256-GCM encrypted with the kid bound as additional data.
    await q.query(`CREATE TABLE rotation.signing_key_material (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      public_pem text NOT NULL,
      public_jwk jsonb NOT NULL,
      encrypted_private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One row per scheduled job: replicas take it FOR UPDATE SKIP LOCKED, so a job runs once at a time.
    await q.query(`CREATE TABLE rotation.scheduler_jobs (
      name text PRIMARY KEY,
      rotation_requested_at timestamptz,
      last_run_at timestamptz
    )`);
    await q.query(`INSERT INTO rotation.scheduler_jobs (name) VALUES ('signing-keys'), ('service-accounts')`);
    await q.query(`CREATE TABLE rotation.rotation_reminders (
      what text NOT NULL,
      subject_id text NOT NULL,
      due_at timestamptz NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (what, subject_id, due_at)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotation.rotation_reminders`);
    await q.query(`DROP TABLE rotation.scheduler_jobs`);
    await q.query(`DROP TABLE rotation.signing_key_material`);
    await q.query(`DROP TABLE rotation.signing_keys_v1`);
  }
}
