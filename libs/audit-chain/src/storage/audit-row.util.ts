/**
 * How an audit record is stored in `audit.audit_log_v1` and read back as it was hashed: seq as a
 * number, timestamps in ISO form, and no `proof` member on a record that was hashed without one.
 * audit-service (its repository) and the CLI (verifying a restored copy directly) read it alike,
 * with the same columns and the same paging (`readAuditRecords`).
 */
import type { AuditRecord } from '../chain/audit-record.types';

export interface AuditRow extends Omit<AuditRecord, 'seq' | 'occurred_at' | 'recorded_at' | 'proof'> {
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
  proof: AuditRecord['proof'] | null;
}

export const AUDIT_ROW_COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, proof, prev_hash, hash';

export function auditRowToRecord(r: AuditRow): AuditRecord {
  const { proof, ...rest } = r;
  const record: AuditRecord = {
    ...rest,
    seq: Number(r.seq),
    occurred_at: new Date(r.occurred_at).toISOString(),
    recorded_at: new Date(r.recorded_at).toISOString(),
  };
  if (proof) record.proof = proof;
  return record;
}

/** A timestamp as `Date.prototype.toISOString` writes it (UTC, milliseconds, `Z`): how records are hashed and stored. */
const isoText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

/** A row with every column as Postgres writes it as text (JSON columns as their JSON text): nothing for the driver to parse. */
export interface AuditRowText {
  seq: string;
  event_id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  subject: string;
  outcome: string | null;
  source: string;
  trace_id: string | null;
  data: string;
  proof: string | null;
  prev_hash: string;
  hash: string;
}

/** The columns of AUDIT_ROW_COLUMNS, selected as `AuditRowText`. */
export const AUDIT_ROW_TEXT_COLUMNS = [
  'seq',
  'event_id',
  'type',
  isoText('occurred_at'),
  isoText('recorded_at'),
  'actor::text AS actor',
  'subject::text AS subject',
  'outcome',
  'source::text AS source',
  'trace_id',
  'data::text AS data',
  'proof::text AS proof',
  'prev_hash',
  'hash',
].join(', ');

const str = JSON.stringify;

/**
 * The JSON text of `auditRowToRecord(row)` from the row's text, put together without parsing the
 * JSON columns or serialising objects: the same members in the same order, `proof` last and only
 * when there is one. Only whitespace inside the JSON columns differs (jsonb's own text), so both
 * parse to equal records (the audit-service integration spec compares them). An export sends its
 * rows in this form: parsing each row into objects and serialising them again was most of
 * audit-service's time per exported record.
 */
export function auditRowTextToJson(r: AuditRowText): string {
  const proof = r.proof === null ? '' : `,"proof":${r.proof}`;
  return (
    `{"seq":${Number(r.seq)},"event_id":${str(r.event_id)},"type":${str(r.type)},"occurred_at":${str(r.occurred_at)},` +
    `"recorded_at":${str(r.recorded_at)},"actor":${r.actor},"subject":${r.subject},"outcome":${str(r.outcome)},"source":${r.source},` +
    `"trace_id":${str(r.trace_id)},"data":${r.data},"prev_hash":${str(r.prev_hash)},"hash":${str(r.hash)}${proof}}`
  );
}

/** The table of the audit log (audit-service's; the CLI reads a restored copy of it, never the live one). */
export const AUDIT_LOG_TABLE = 'audit.audit_log_v1';

/** Runs one SQL read and returns its rows: a TypeORM DataSource's `query`, or a pg client's `query(...).rows`. */
export type AuditRowQuery = (sql: string, params: unknown[]) => Promise<AuditRow[]>;

/** The whole log, oldest first, in keyset pages of `pageSize`: verification streams through it in constant memory. */
export async function* readAuditRecords(query: AuditRowQuery, pageSize = 2000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const rows = await query(`SELECT ${AUDIT_ROW_COLUMNS} FROM ${AUDIT_LOG_TABLE} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
    for (const r of rows) yield auditRowToRecord(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}
