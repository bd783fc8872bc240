import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which master key each encrypted private key is under (a public id, `masterKeyId`), so a
 * master-key rotation can tell what is left to re-encrypt and `NULL` means "written before ids
 * existed" (re-encrypted by the first rotation). The `master-key` job row serialises rotations
 * across replicas like the other jobs.
 */
export class MasterKeyId1764300000003 implements MigrationInterface {
  name = 'MasterKeyId1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.signing_key_material ADD COLUMN master_key_id text`);
    await q.query(`INSERT INTO rotation.scheduler_jobs (name) VALUES ('master-key') ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM rotation.scheduler_jobs WHERE name = 'master-key'`);
    await q.query(`ALTER TABLE rotation.signing_key_material DROP COLUMN master_key_id`);
  }
}
