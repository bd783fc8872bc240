import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user "tokens issued before this second are void", set when an admin revokes a user's
 * tokens. Access tokens are verified locally by the gateway, so the cutoff is what reaches them.
 */
export class UserTokenCutoffs1764310000000 implements MigrationInterface {
  name = 'UserTokenCutoffs1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth.user_token_cutoffs (
      user_id uuid PRIMARY KEY,
      not_before timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX user_token_cutoffs_not_before ON auth.user_token_cutoffs (not_before)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.user_token_cutoffs`);
  }
}
