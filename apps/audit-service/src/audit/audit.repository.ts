/**
 * SQL of the audit log, on the restricted pool (SELECT and INSERT only). Appends are serialised by a
 * transaction-scoped advisory lock and the next seq is read from the head inside it, so a rolled-back
 * append leaves no gap. Every filter has an index led by its column and followed by seq.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AUDIT_ROW_COLUMNS,
  AUDIT_ROW_TEXT_COLUMNS,
  auditRowToRecord,
  readAuditRecords,
  type AuditRecord,
  type AuditRow,
  type AuditRowText,
  type ChainHead,
} from '@tr4ction/audit-chain';
import { isUniqueViolation } from '@tr4ction/persistence';
import { AUDIT_DATA_SOURCE } from '../database/audit-database';
import { SEQ_BLOCK_SIZE } from '../migrations';
import type { AuditFilters } from './audit.types';

export const APPEND_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('tr4ction-audit-append'))`;

/** The chain's last record (seq and hash), or null on an empty log. */
export async function readChainHead(q: Pick<EntityManager, 'query'>): Promise<ChainHead | null> {
  const rows: Array<{ seq: string; hash: string }> = await q.query(`SELECT seq, hash FROM audit.audit_log_v1 ORDER BY seq DESC LIMIT 1`);
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
}

/** A record's values in the order of AUDIT_ROW_COLUMNS, JSON columns serialised: one row to insert. */
export function auditRowValues(r: AuditRecord): unknown[] {
  return [
    r.seq,
    r.event_id,
    r.type,
    r.occurred_at,
    r.recorded_at,
    JSON.stringify(r.actor),
    JSON.stringify(r.subject),
    r.outcome,
    JSON.stringify(r.source),
    r.trace_id,
    JSON.stringify(r.data),
    r.proof ? JSON.stringify(r.proof) : null,
    r.prev_hash,
    r.hash,
  ];
}

/** Postgres types of `auditRowValues`' parameters, in order: a VALUES list read by INSERT ... SELECT is not typed by its target. */
const AUDIT_ROW_TYPES = ['bigint', 'uuid', 'text', 'timestamptz', 'timestamptz', 'jsonb', 'jsonb', 'text', 'jsonb', 'text', 'jsonb', 'jsonb', 'text', 'text'];

/** `records` as the rows of a VALUES list of typed parameters, with the parameters. */
function typedRows(records: readonly AuditRecord[]): { rows: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows = records.map(
    (r) =>
      `(${auditRowValues(r)
        .map((value, i) => `$${params.push(value)}::${AUDIT_ROW_TYPES[i]}`)
        .join(', ')})`,
  );
  return { rows: rows.join(', '), params };
}

/** Records a time-filtered page looks through in seq order before it asks the window's index (see `range`). */
export const PROBE_ROWS = 500;

/** Blocks of audit_seq_blocks_v1 a time-window page reads before it sorts the window's matches instead. */
export const WINDOW_BLOCKS = 4;

interface PageConditions {
  filters: string[];
  /** The keyset and the export's snapshot only bound seq. */
  keyset: string[];
  limit: string;
}

/** A statement's parameter list and the function that appends a value to it and names its placeholder. */
function parameters(): { params: unknown[]; bind: (value: unknown) => string } {
  const params: unknown[] = [];
  return { params, bind: (value) => `$${params.push(value)}` };
}

const where = (conditions: string[]): string => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

function hasFilters(q: AuditFilters): boolean {
  return Boolean(q.type || q.actor_id || q.subject_id || q.outcome || q.from || q.to || q.trace_id);
}

/** The page's filters, keyset and limit as SQL, their values bound in this order by `bind`. */
function pageConditions(q: RangeQuery, bind: (value: unknown) => string): PageConditions {
  const filters: string[] = [];
  if (q.type) filters.push(`type = ${bind(q.type)}`);
  if (q.actor_id) filters.push(`actor_id = ${bind(q.actor_id)}`);
  if (q.subject_id) filters.push(`subject_id = ${bind(q.subject_id)}`);
  if (q.outcome) filters.push(`outcome = ${bind(q.outcome)}`);
  if (q.from) filters.push(`occurred_at >= ${bind(q.from)}`);
  if (q.to) filters.push(`occurred_at < ${bind(q.to)}`);
  if (q.trace_id) filters.push(`trace_id = ${bind(q.trace_id)}`);
  const keyset: string[] = [];
  if (q.before) keyset.push(`seq < ${bind(q.before)}`);
  if (q.after) keyset.push(`seq > ${bind(q.after)}`);
  if (q.until) keyset.push(`seq <= ${bind(q.until)}`);
  return { filters, keyset, limit: bind(q.limit) };
}

export interface RangeQuery extends AuditFilters {
  /** Newest first below `before`, or oldest first above `after` (and at most `until`). */
  order: 'desc' | 'asc';
  before?: string;
  after?: string;
  until?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async lockAndReadHead(m: EntityManager): Promise<ChainHead | null> {
    await m.query(APPEND_LOCK_SQL);
    return this.head(m);
  }

  async head(m?: EntityManager): Promise<ChainHead | null> {
    return readChainHead(m ?? this.dataSource);
  }

  /**
   * An append's reads under the lock: the head, and which of these event ids are recorded already
   * (the idempotence check of a batch). One statement for both, as a login's events are appended in
   * small transactions where each round trip costs both processes a write and a wake-up. It must be
   * a statement after the lock's: a statement's snapshot is taken when it starts.
   */
  async lockForAppend(m: EntityManager, eventIds: readonly string[]): Promise<{ head: ChainHead | null; recorded: Set<string> }> {
    await m.query(APPEND_LOCK_SQL);
    const [row]: Array<{ seq: string | null; hash: string | null; recorded: string[] }> = await m.query(
      `SELECT h.seq, h.hash, ARRAY(SELECT r.event_id::text FROM audit.audit_log_v1 r WHERE r.event_id = ANY($1::uuid[])) AS recorded
       FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT seq, hash FROM audit.audit_log_v1 ORDER BY seq DESC LIMIT 1) h ON true`,
      [eventIds],
    );
    const head = row.seq === null || row.hash === null ? null : { seq: Number(row.seq), hash: row.hash };
    return { head, recorded: new Set(row.recorded) };
  }

  /** True when a record after `seq` is something other than `exceptType` (e.g. not only checkpoint announcements). */
  async hasRecordsAfter(m: EntityManager, seq: number, exceptType: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM audit.audit_log_v1 WHERE seq > $1 AND type <> $2 LIMIT 1`, [seq, exceptType]);
    return rows.length > 0;
  }

  async insert(m: EntityManager, r: AuditRecord): Promise<void> {
    await this.insertMany(m, [r]);
  }

  /** One multi-row INSERT for a batch of chained records (14 parameters a row, far below Postgres' 65,535). */
  async insertMany(m: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { rows, params } = typedRows(records);
    await m.query(`INSERT INTO audit.audit_log_v1 (${AUDIT_ROW_COLUMNS}) VALUES ${rows}`, params);
  }

  /**
   * Appends `records` (chained onto `after`) in one autocommit statement, which takes the append lock
   * and writes only while `after` is the newest record; false when it wrote nothing. The check reads
   * the statement's snapshot, taken before the lock was granted, so a record committed in between
   * can pass unseen: then the primary key on seq refuses the batch (as the unique event id refuses a
   * recorded event), and that is a false too.
   */
  async appendAfter(after: ChainHead, records: readonly AuditRecord[]): Promise<boolean> {
    const { rows, params } = typedRows(records);
    const head = params.push(after.seq, after.hash) - 1;
    try {
      const inserted: unknown[] = await this.dataSource.query(
        `WITH append_lock AS MATERIALIZED (${APPEND_LOCK_SQL})
         INSERT INTO audit.audit_log_v1 (${AUDIT_ROW_COLUMNS})
         SELECT r.* FROM (VALUES ${rows}) AS r, append_lock
         WHERE (SELECT (h.seq, h.hash) FROM audit.audit_log_v1 h ORDER BY h.seq DESC LIMIT 1) = ($${head}::bigint, $${head + 1}::text)
         RETURNING seq`,
        params,
      );
      return inserted.length === records.length;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Keyset paging on seq (never OFFSET): a page boundary stays put while records are appended. */
  async range(q: RangeQuery): Promise<AuditRecord[]> {
    return (await this.select<AuditRow>(q, AUDIT_ROW_COLUMNS)).map(auditRowToRecord);
  }

  /** The same rows as `range`, every column as text (`auditRowTextToJson` makes a record's JSON of one without parsing it). */
  rangeAsText(q: RangeQuery): Promise<AuditRowText[]> {
    return this.select<AuditRowText>(q, AUDIT_ROW_TEXT_COLUMNS);
  }

  /** The page's rows with `columns`: the filters, keyset and plan choices of `range`. */
  private async select<Row>(q: RangeQuery, columns: string): Promise<Row[]> {
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    /** One statement with its own parameters; `build` gets the page's conditions bound into them. */
    const run = (build: (c: PageConditions, bind: (value: unknown) => string) => string): Promise<Row[]> => {
      const { params, bind } = parameters();
      return this.dataSource.query(build(pageConditions(q, bind), bind), params);
    };
    const rowsOf = (seqs: string): string => `SELECT ${columns} FROM audit.audit_log_v1 WHERE seq IN (${seqs}) ORDER BY seq ${order}`;
    if (!hasFilters(q)) return run((c) => `SELECT ${columns} FROM audit.audit_log_v1 ${where(c.keyset)} ORDER BY seq ${order} LIMIT ${c.limit}`);
    // A filtered page picks its seqs first, from the filter's index alone (index-only scan), and then
    // reads those rows by primary key. Asked for whole rows, the planner walks the primary key in seq
    // order and filters row by row instead, assuming matches are spread evenly, which they are not
    // in a log of bursts and time windows (tens of thousands of rows read for one page).
    const page = (c: PageConditions): string => `SELECT seq FROM audit.audit_log_v1 ${where([...c.filters, ...c.keyset])}`;
    if (!q.from && !q.to) return run((c) => rowsOf(`${page(c)} ORDER BY seq ${order} LIMIT ${c.limit}`));
    // A time window: the planner still walks the primary key when it believes the window dense, and
    // for a window far from the keyset's start that is the whole log in between (611,656 rows read for
    // one page at 1M records). So first the next PROBE_ROWS records in order, filtered: enough matches
    // there are the page.
    const probed = await run((c) => {
      const recent = `SELECT seq FROM (SELECT seq, type, actor_id, subject_id, outcome, occurred_at, trace_id FROM audit.audit_log_v1 ${where(c.keyset)} ORDER BY seq ${order} LIMIT ${PROBE_ROWS}) recent`;
      return rowsOf(`${recent} ${where(c.filters)} ORDER BY seq ${order} LIMIT ${c.limit}`);
    });
    if (probed.length >= q.limit) return probed;
    // Otherwise the blocks of seqs that overlap the window (audit_seq_blocks_v1), nearest first: a
    // window dense with records fills its page from its first block or two.
    const blocks = await this.windowBlocks(q);
    if (blocks.length === 0) return [];
    const walked = await run((c, bind) => {
      const inBlock = [`seq >= b.block * ${SEQ_BLOCK_SIZE}`, `seq < (b.block + 1) * ${SEQ_BLOCK_SIZE}`];
      const perBlock = `SELECT seq FROM audit.audit_log_v1 ${where([...inBlock, ...c.filters, ...c.keyset])} ORDER BY seq ${order} LIMIT ${c.limit}`;
      return rowsOf(
        `SELECT l.seq FROM unnest(${bind(blocks.slice(0, WINDOW_BLOCKS))}::bigint[]) AS b(block) CROSS JOIN LATERAL (${perBlock}) l ORDER BY l.seq ${order} LIMIT ${c.limit}`,
      );
    });
    // Every overlapping block read, or the page full from the nearest ones (all later blocks' seqs are beyond them): exact.
    if (blocks.length <= WINDOW_BLOCKS || walked.length >= q.limit) return walked;
    // A window sparse in matches: its matches come from its index and are sorted by seq (`seq + 0`
    // hides the primary key's order), which costs what the window holds, not where it lies.
    return run((c) => rowsOf(`${page(c)} ORDER BY seq + 0 ${order} LIMIT ${c.limit}`));
  }

  /** The blocks (of SEQ_BLOCK_SIZE seqs) holding a record in the time window past the keyset, nearest first, at most WINDOW_BLOCKS + 1. */
  private async windowBlocks(q: RangeQuery): Promise<string[]> {
    const { params, bind } = parameters();
    const conditions: string[] = [];
    if (q.from) conditions.push(`max_occurred_at >= ${bind(q.from)}`);
    if (q.to) conditions.push(`min_occurred_at < ${bind(q.to)}`);
    if (q.before) conditions.push(`block <= (${bind(q.before)}::bigint - 1) / ${SEQ_BLOCK_SIZE}`);
    if (q.after) conditions.push(`block >= (${bind(q.after)}::bigint + 1) / ${SEQ_BLOCK_SIZE}`);
    if (q.until) conditions.push(`block <= ${bind(q.until)}::bigint / ${SEQ_BLOCK_SIZE}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const rows: Array<{ block: string }> = await this.dataSource.query(
      `SELECT block FROM audit.audit_seq_blocks_v1 ${where(conditions)} ORDER BY block ${order} LIMIT ${WINDOW_BLOCKS + 1}`,
      params,
    );
    return rows.map((r) => r.block);
  }

  /** Oldest first, in pages: what verification streams through with constant memory. */
  readAscending(pageSize = 2000): AsyncGenerator<AuditRecord> {
    return readAuditRecords((sql, params) => this.dataSource.query(sql, params), pageSize);
  }
}
