import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_WRITER_ROLE } from './1764300000003-audit-writer-role';

/**
 * Temporal projections of the audit log: one row per version of an entity (user, signing key,
 * service account, setting), valid over [valid_from, valid_to), with the audit record that made it
 * (from_seq, event_id: the evidence of an as-of answer). Written in the transaction that appends the
 * record, so the evidence always exists; rebuilt from the log by `replay`.
 *
 * Indexes: the open version of an entity (the append closes it); "as of t" by kind with the range
 * in a GiST index (btree_gist is not needed: kind goes in a partial index per kind); users by role
 * through a GIN index on their roles; users by email (any version, for the CLI's history). A setting's value before its first recorded change has
 * from_seq 0 and no event (no record shaped it).
 *
 * The writer role may UPDATE (close a version) and DELETE (replay) these rows; the log itself
 * stays append-only.
 */
export class TemporalVersions1764300000006 implements MigrationInterface {
  name = 'TemporalVersions1764300000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.entity_versions_v1 (
      kind text NOT NULL,
      entity_id text NOT NULL,
      state jsonb NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      from_seq bigint NOT NULL,
      event_id uuid,
      PRIMARY KEY (kind, entity_id, from_seq),
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    )`);
    await q.query(`CREATE UNIQUE INDEX entity_versions_v1_open ON audit.entity_versions_v1 (kind, entity_id) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX entity_versions_v1_during ON audit.entity_versions_v1 USING gist (tstzrange(valid_from, valid_to, '[)'))`);
    await q.query(`CREATE INDEX entity_versions_v1_user_roles ON audit.entity_versions_v1 USING gin ((state->'roles')) WHERE kind = 'user'`);
    // `tr4ction history user --email`: the account that held an address (also once deleted).
    await q.query(`CREATE INDEX entity_versions_v1_user_email ON audit.entity_versions_v1 (lower(state->>'email'), from_seq) WHERE kind = 'user'`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON audit.entity_versions_v1 TO ${AUDIT_WRITER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.entity_versions_v1`);
  }
}
