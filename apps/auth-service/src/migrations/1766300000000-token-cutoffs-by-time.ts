import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The revocation snapshot (every verifier, once a minute and at each reconnect) reads the cutoffs
 * set within the last access-token lifetime: by this index, not by reading every cutoff ever set.
 */
export class TokenCutoffsByTime1766300000000 implements MigrationInterface {
  name = 'TokenCutoffsByTime1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS user_token_cutoffs_not_before ON auth.user_token_cutoffs (not_before)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS auth.user_token_cutoffs_not_before`);
  }
}
