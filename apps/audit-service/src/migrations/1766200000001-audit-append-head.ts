import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_WRITER_ROLE } from './1764300000003-audit-writer-role';

/**
 * One round trip instead of three at the start of every append (issue 19: an event logged alone
 * cost a whole transaction of round trips): `audit.lock_append_head(event_ids)` takes the append
 * lock, then reads the chain's head and which of the batch's events are recorded already.
 *
 * Why a function and not one statement: the head must be read by a statement that starts after
 * the lock is held, or it would see the snapshot from before the wait and miss the append that
 * held the lock (two records with one seq, a forked chain). A VOLATILE function's statements each
 * take a fresh snapshot (READ COMMITTED), so the reads below see every append committed before the
 * lock was granted. The lock is the one every appender takes (AuditRepository.APPEND_LOCK_SQL).
 */
export class AuditAppendHead1766200000001 implements MigrationInterface {
  name = 'AuditAppendHead1766200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION audit.lock_append_head(event_ids uuid[])
      RETURNS TABLE (head_seq bigint, head_hash text, recorded uuid[])
      LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('tr4ction-audit-append'));
        RETURN QUERY
          SELECT h.seq, h.hash, ARRAY(SELECT l.event_id FROM audit.audit_log_v1 l WHERE l.event_id = ANY(event_ids))
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (SELECT seq, hash FROM audit.audit_log_v1 ORDER BY seq DESC LIMIT 1) AS h ON true;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit.lock_append_head(uuid[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit.lock_append_head(uuid[]) TO ${AUDIT_WRITER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit.lock_append_head(uuid[])`);
  }
}
