import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit log: gapless seq, hash chain, an index behind every query filter,
 * and a trigger that rejects UPDATE, DELETE and TRUNCATE for every role (owner included).
 */
export class AuditLog1764300000001 implements MigrationInterface {
  name = 'AuditLog1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.audit_log_v1 (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor jsonb NOT NULL,
      actor_id text GENERATED ALWAYS AS (actor->>'id') STORED,
      subject jsonb NOT NULL,
      subject_id text GENERATED ALWAYS AS (subject->>'id') STORED,
      outcome text NOT NULL,
      source jsonb NOT NULL,
      trace_id text,
      data jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`);
    await q.query(`CREATE INDEX audit_log_v1_type ON audit.audit_log_v1 (type, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_v1_actor ON audit.audit_log_v1 (actor_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_v1_subject ON audit.audit_log_v1 (subject_id, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_v1_outcome ON audit.audit_log_v1 (outcome, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_v1_occurred ON audit.audit_log_v1 (occurred_at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_v1_trace ON audit.audit_log_v1 (trace_id, seq DESC)`);
    await q.query(`CREATE FUNCTION audit.reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log_v1 is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_v1_no_update_delete BEFORE UPDATE OR DELETE ON audit.audit_log_v1 FOR EACH ROW EXECUTE FUNCTION audit.reject_audit_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_v1_no_truncate BEFORE TRUNCATE ON audit.audit_log_v1 FOR EACH STATEMENT EXECUTE FUNCTION audit.reject_audit_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.audit_log_v1`);
    await q.query(`DROP FUNCTION audit.reject_audit_change()`);
  }
}
