import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions: one row per refresh-token family (its id is the family id and the access tokens' `sid`),
 * with what a user needs to recognise it (when, from where, which client) and when it was last used,
 * for the idle timeout. Families that exist already become sessions without an address or agent.
 */
export class Sessions1765000000000 implements MigrationInterface {
  name = 'Sessions1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth.sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text,
      revoked_at timestamptz,
      revoke_reason text
    )`);
    await q.query(`CREATE INDEX sessions_user_live ON auth.sessions (user_id) WHERE revoked_at IS NULL`);
    // The gateways' snapshot reads the recently ended sessions.
    await q.query(`CREATE INDEX sessions_revoked_at ON auth.sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
    await q.query(`INSERT INTO auth.sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, revoke_reason)
      SELECT family_id, (array_agg(user_id))[1], min(issued_at), max(issued_at), max(expires_at),
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END,
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN 'revoked' END
      FROM auth.refresh_tokens GROUP BY family_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.sessions`);
  }
}
