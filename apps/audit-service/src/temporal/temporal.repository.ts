/**
 * SQL of the temporal projections (audit.entity_versions_v1). `apply` runs inside the append
 * transaction, under the append lock, so versions are written in seq order and never race.
 */
import type { EntityManager } from 'typeorm';
import type { AuditRecord } from '@tr4ction/audit-chain';
import { transitionsOf, type EntityState, type TemporalKind } from './temporal-fold';

export interface VersionRow {
  kind: TemporalKind;
  entity_id: string;
  state: EntityState;
  valid_from: string;
  valid_to: string | null;
  from_seq: number;
  event_id: string | null;
}

/** "As of t": the version whose range holds t (the GiST index on the range answers it). */
export const VALID_AT = `tstzrange(valid_from, valid_to, '[)') @> $1::timestamptz`;

/** Applies the record's transitions; how many versions it wrote. */
export async function applyRecord(m: EntityManager, record: AuditRecord): Promise<number> {
  let written = 0;
  for (const t of transitionsOf(record)) {
    const rows: Array<{ state: EntityState; from_ms: number }> = await m.query(
      `SELECT state, (extract(epoch FROM valid_from) * 1000)::float8 AS from_ms FROM audit.entity_versions_v1 WHERE kind = $1 AND entity_id = $2 AND valid_to IS NULL`,
      [t.kind, t.id],
    );
    const open = rows[0];
    // Producers' clocks differ: a version never starts before the one it follows.
    const at = open && Number(open.from_ms) > Date.parse(record.occurred_at) ? new Date(Number(open.from_ms)).toISOString() : record.occurred_at;
    let current: EntityState | null = open?.state ?? null;
    if (!open && t.prior) {
      // What held before the first recorded change (from the start of time, no evidence).
      await insert(m, t.kind, t.id, t.prior, '-infinity', 0, null);
      current = t.prior;
    }
    const next = t.next(current);
    if (next === undefined) continue;
    if (current) await m.query(`UPDATE audit.entity_versions_v1 SET valid_to = $3 WHERE kind = $1 AND entity_id = $2 AND valid_to IS NULL`, [t.kind, t.id, at]);
    if (next) await insert(m, t.kind, t.id, next, at, record.seq, record.event_id);
    written++;
  }
  return written;
}

async function insert(m: EntityManager, kind: string, id: string, state: EntityState, from: string, seq: number, eventId: string | null): Promise<void> {
  await m.query(
    `INSERT INTO audit.entity_versions_v1 (kind, entity_id, state, valid_from, valid_to, from_seq, event_id) VALUES ($1, $2, $3::jsonb, $4, NULL, $5, $6)`,
    [kind, id, JSON.stringify(state), from, seq, eventId],
  );
}

/** Every version, in a stable order: what the replay-equality check compares (instants as Postgres prints them). */
export async function allVersions(m: Pick<EntityManager, 'query'>): Promise<VersionRow[]> {
  const rows: Array<Omit<VersionRow, 'from_seq'> & { from_seq: string }> = await m.query(
    `SELECT kind, entity_id, state, valid_from::text AS valid_from, valid_to::text AS valid_to, from_seq, event_id FROM audit.entity_versions_v1 ORDER BY kind, entity_id, from_seq`,
  );
  return rows.map((r) => ({ ...r, from_seq: Number(r.from_seq) }));
}
