import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain, append-only like the log itself. `public_key` is kept so an
 * auditor can see which key signed, but verification never trusts it: it reads the same database an
 * attacker would edit, so the verifying keys come from configuration only.
 */
export class AuditCheckpoints1764300000002 implements MigrationInterface {
  name = 'AuditCheckpoints1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.audit_checkpoints_v1 (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      hash text NOT NULL,
      key_id text NOT NULL,
      public_key text NOT NULL,
      signature text NOT NULL,
      signed_at timestamptz NOT NULL
    )`);
    // The message names the table, now that the same function guards two of them.
    await q.query(`CREATE OR REPLACE FUNCTION audit.reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%.% is append-only (% rejected)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_checkpoints_v1_no_update_delete BEFORE UPDATE OR DELETE ON audit.audit_checkpoints_v1 FOR EACH ROW EXECUTE FUNCTION audit.reject_audit_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_checkpoints_v1_no_truncate BEFORE TRUNCATE ON audit.audit_checkpoints_v1 FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_audit_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.audit_checkpoints_v1`);
  }
}
