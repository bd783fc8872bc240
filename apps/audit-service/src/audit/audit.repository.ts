/**
 * SQL of the audit log. Appends are serialised by a transaction-scoped advisory lock, and the
 * next seq is read from the head inside it, so a rolled-back append leaves no gap.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditRecord, ChainHead } from '@tr4ction/audit-chain';
import { DATA_SOURCE } from '@tr4ction/platform';
import type { AuditQuery } from './audit.types';

interface AuditRow extends Omit<AuditRecord, 'seq' | 'occurred_at' | 'recorded_at'> {
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
}

const COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, prev_hash, hash';

export function rowToRecord(r: AuditRow): AuditRecord {
  return { ...r, seq: Number(r.seq), occurred_at: new Date(r.occurred_at).toISOString(), recorded_at: new Date(r.recorded_at).toISOString() };
}

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async lockAndReadHead(m: EntityManager): Promise<ChainHead | null> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('tr4ction-audit-append'))`);
    const rows: Array<{ seq: string; hash: string }> = await m.query(`SELECT seq, hash FROM audit.audit_log_v1 ORDER BY seq DESC LIMIT 1`);
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  async exists(m: EntityManager, eventId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM audit.audit_log_v1 WHERE event_id = $1`, [eventId]);
    return rows.length > 0;
  }

  async insert(m: EntityManager, r: AuditRecord): Promise<void> {
    await m.query(
      `INSERT INTO audit.audit_log_v1 (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10, $11::jsonb, $12, $13)`,
      [r.seq, r.event_id, r.type, r.occurred_at, r.recorded_at, JSON.stringify(r.actor), JSON.stringify(r.subject), r.outcome, JSON.stringify(r.source), r.trace_id, JSON.stringify(r.data), r.prev_hash, r.hash],
    );
  }

  /** Newest first, keyset paging on seq: stable while records are appended. */
  async query(q: AuditQuery & { limit: number }): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.type) add('type = ?', q.type);
    if (q.actor_id) add('actor_id = ?', q.actor_id);
    if (q.subject_id) add('subject_id = ?', q.subject_id);
    if (q.outcome) add('outcome = ?', q.outcome);
    if (q.from) add('occurred_at >= ?', q.from);
    if (q.to) add('occurred_at < ?', q.to);
    if (q.trace_id) add('trace_id = ?', q.trace_id);
    if (q.cursor) add('seq < ?', q.cursor);
    params.push(q.limit);
    const sql = `SELECT ${COLUMNS} FROM audit.audit_log_v1 ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`;
    const rows: AuditRow[] = await this.dataSource.query(sql, params);
    return rows.map(rowToRecord);
  }

  /** Oldest first, in pages: what verification streams through with constant memory. */
  async *readAscending(pageSize = 2000): AsyncGenerator<AuditRecord> {
    let after = 0;
    for (;;) {
      const rows: AuditRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
      for (const r of rows) yield rowToRecord(r);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }
}
