import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_WRITER_ROLE } from './1764300000003-audit-writer-role';

/** Records per block of audit_seq_blocks_v1 (block = seq / SEQ_BLOCK_SIZE): what one block's page reads at most. */
export const SEQ_BLOCK_SIZE = 4096;

/**
 * Where a time window lies in seq order: for every block of SEQ_BLOCK_SIZE consecutive seqs, the
 * earliest and latest occurred_at in it. occurred_at follows seq only roughly (events of several
 * services, a backlog projected late), so a window's records cannot be found by seq from their
 * times; the blocks that overlap the window can, and a page newest first reads those blocks from
 * the top until it is full, without sorting the whole window (issue 19: the first page by outcome
 * in a window dense with records).
 *
 * Kept by a statement-level trigger on every insert into the log (the projector's batches, a
 * replay, COPY alike), so no writer can leave a record out of it. The trigger runs as the table's
 * owner: the audit writer may read the blocks but not change them, so it cannot hide records from
 * time-window pages.
 */
export class AuditSeqBlocks1766200000000 implements MigrationInterface {
  name = 'AuditSeqBlocks1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.audit_seq_blocks_v1 (
      block bigint PRIMARY KEY,
      min_occurred_at timestamptz NOT NULL,
      max_occurred_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE FUNCTION audit.note_audit_seq_blocks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        INSERT INTO audit.audit_seq_blocks_v1 AS b (block, min_occurred_at, max_occurred_at)
          SELECT seq / ${SEQ_BLOCK_SIZE}, min(occurred_at), max(occurred_at) FROM inserted GROUP BY seq / ${SEQ_BLOCK_SIZE}
          ON CONFLICT (block) DO UPDATE SET
            min_occurred_at = least(b.min_occurred_at, excluded.min_occurred_at),
            max_occurred_at = greatest(b.max_occurred_at, excluded.max_occurred_at);
        RETURN NULL;
      END $$`);
    // Appends wait for this migration's commit (SHARE blocks INSERT): the trigger and the backfill see every record.
    await q.query(`LOCK TABLE audit.audit_log_v1 IN SHARE MODE`);
    await q.query(
      `CREATE TRIGGER audit_log_v1_seq_blocks AFTER INSERT ON audit.audit_log_v1 REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit.note_audit_seq_blocks()`,
    );
    await q.query(`INSERT INTO audit.audit_seq_blocks_v1 (block, min_occurred_at, max_occurred_at)
      SELECT seq / ${SEQ_BLOCK_SIZE}, min(occurred_at), max(occurred_at) FROM audit.audit_log_v1 GROUP BY seq / ${SEQ_BLOCK_SIZE}`);
    await q.query(`GRANT SELECT ON audit.audit_seq_blocks_v1 TO ${AUDIT_WRITER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_v1_seq_blocks ON audit.audit_log_v1`);
    await q.query(`DROP FUNCTION audit.note_audit_seq_blocks()`);
    await q.query(`DROP TABLE audit.audit_seq_blocks_v1`);
  }
}
