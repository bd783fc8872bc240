import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users_v1 is the current-state projection of the user streams (rebuilt by `replay`);
 * credentials holds the password hash and its history, which by design are never in events,
 * so they live beside the projection and are not rebuilt by replay.
 */
export class UsersProjection1764300000001 implements MigrationInterface {
  name = 'UsersProjection1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users.users_v1 (
      id uuid PRIMARY KEY,
      email text NOT NULL,
      email_normalized text NOT NULL,
      name text,
      roles text[] NOT NULL,
      status text NOT NULL DEFAULT 'active',
      must_change_password boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz,
      password_expires_at timestamptz,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL,
      version integer NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX users_v1_email ON users.users_v1 (email_normalized)`);
    await q.query(`CREATE INDEX users_v1_created ON users.users_v1 (created_at, id)`);
    await q.query(`CREATE TABLE users.credentials (
      user_id uuid PRIMARY KEY,
      password_hash text NOT NULL,
      history text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.credentials`);
    await q.query(`DROP TABLE users.users_v1`);
  }
}
