/**
 * Queries of the audit log on real Postgres: every filter of `GET /audit/events` (docs/api.md), keyset paging that stays
 * stable while records are appended, export pages as a snapshot, an index behind every filter, and
 * every read itself recorded.
 */
import type { DataSource } from 'typeorm';
import type { AuditRecord } from '@tr4ction/audit-chain';
import type { EventEnvelope } from '@tr4ction/contracts';
import { exportPageRecords, type RequestMeta } from '@tr4ction/contracts';
import { ServiceError } from '@tr4ction/messaging';
import { AuditHarness, event, sampleEvent, seedAuditLog } from '../testing/audit-harness';
import { AuditQueryService, EXPORT_PAGE_SIZE, MAX_PAGE_BYTES } from './audit-query.service';
import { SEQ_BLOCK_SIZE } from '../migrations';
import { AuditRepository, PROBE_ROWS, type RangeQuery } from './audit.repository';
import type { AuditFilters } from './audit.types';

const AUDITOR: RequestMeta = { actor: { type: 'user', id: 'auditor-7' }, ip: '198.51.100.4', user_agent: 'spec', request_id: 'req-1' };

async function allPages(q: AuditQueryService, filters: AuditFilters, limit: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await q.page({ ...filters, limit, cursor }, AUDITOR);
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

interface PlanNode {
  Plan: PlanStep;
}
interface PlanStep {
  'Node Type'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanStep[];
}

/** The SQL and parameters `AuditRepository.range` sends for a query, captured without running it. */
/** Every statement the repository sends for a range query, run on `db` as it would be. */
async function statementsOfRange(db: Pick<DataSource, 'query'>, q: RangeQuery): Promise<Array<{ sql: string; params: unknown[] }>> {
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const recording = { query: (sql: string, params: unknown[]) => (sent.push({ sql, params }), db.query(sql, params)) };
  await new AuditRepository(recording as never).range(q);
  return sent;
}

/** Rows a plan step and its children produced or filtered out: what a statement had to look at. */
function rowsTouched(step: PlanStep): number {
  const own = step['Node Type']?.includes('Scan') ? (step['Actual Rows'] ?? 0) * (step['Actual Loops'] ?? 1) + (step['Rows Removed by Filter'] ?? 0) : 0;
  return own + (step.Plans ?? []).reduce((sum, s) => sum + rowsTouched(s), 0);
}

function rowsRemoved(step: PlanStep): number {
  return (step['Rows Removed by Filter'] ?? 0) + (step.Plans ?? []).reduce((sum, s) => sum + rowsRemoved(s), 0);
}

function matches(r: AuditRecord, q: RangeQuery): boolean {
  return (
    (!q.type || r.type === q.type) &&
    (!q.outcome || r.outcome === q.outcome) &&
    (!q.from || r.occurred_at >= q.from) &&
    (!q.to || r.occurred_at < q.to) &&
    (!q.before || r.seq < Number(q.before))
  );
}

describe(AuditQueryService.name, () => {
  let h: AuditHarness;
  let all: AuditRecord[];

  beforeAll(async () => {
    h = await AuditHarness.start({ checkpointEvery: 1000 });
    await h.append(60);
    all = await h.records();
  });

  afterAll(() => h?.stop());

  const newestFirst = (records: AuditRecord[]) => [...records].sort((a, b) => b.seq - a.seq).map((r) => r.seq);
  const explained = async (sql: string, params: unknown[]): Promise<PlanNode> => {
    const [{ 'QUERY PLAN': plan }]: Array<{ 'QUERY PLAN': PlanNode[] }> = await h.owner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    return plan[0];
  };

  describe('filters', () => {
    const cases: Array<[string, AuditFilters, (r: AuditRecord) => boolean]> = [
      ['type', { type: 'LoginSucceeded' }, (r) => r.type === 'LoginSucceeded'],
      ['actor_id', { actor_id: 'actor-2' }, (r) => r.actor.id === 'actor-2'],
      ['subject_id', { subject_id: 'subject-3' }, (r) => r.subject.id === 'subject-3'],
      ['outcome', { outcome: 'failure' }, (r) => r.outcome === 'failure'],
      ['from', { from: '2026-01-01T00:30:00.000Z' }, (r) => r.occurred_at >= '2026-01-01T00:30:00.000Z'],
      ['to', { to: '2026-01-01T00:10:00.000Z' }, (r) => r.occurred_at < '2026-01-01T00:10:00.000Z'],
      [
        'from and to',
        { from: '2026-01-01T00:05:00Z', to: '2026-01-01T00:15:00+00:00' },
        (r) => r.occurred_at >= '2026-01-01T00:05:00.000Z' && r.occurred_at < '2026-01-01T00:15:00.000Z',
      ],
      [
        'type, actor and outcome together',
        { type: 'PasswordChanged', actor_id: 'actor-1', outcome: 'success' },
        (r) => r.type === 'PasswordChanged' && r.actor.id === 'actor-1' && r.outcome === 'success',
      ],
      ['a type that never occurred', { type: 'UserDeleted' }, () => false],
    ];

    it.each(cases)('%s', async (_name, filters, matches) => {
      const expected = newestFirst(all.filter(matches));
      expect(expected.length === 0 || expected.length < all.length).toBe(true);
      expect((await allPages(h.queries, filters, 7)).map((r) => r.seq)).toEqual(expected);
    });

    it('trace_id', async () => {
      const target = all[41];
      const page = await h.queries.page({ trace_id: target.trace_id ?? undefined }, AUDITOR);
      expect(page.items.map((r) => r.seq)).toEqual([target.seq]);
      expect(page.next_cursor).toBeNull();
    });

    it.each([
      ['a cursor that is not a seq', { cursor: '12; DROP TABLE x' }],
      ['an outcome outside the contract', { outcome: 'maybe' as 'success' }],
      ['a date that is not one', { from: 'yesterday-ish' }],
    ])('refuses %s with VALIDATION_FAILED', async (_name, q) => {
      await expect(h.queries.page(q, AUDITOR)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(h.queries.page(q, AUDITOR)).rejects.toBeInstanceOf(ServiceError);
    });

    it('clamps limit to 1..1000 and pages newest first', async () => {
      const big = await h.queries.page({ limit: 5000 }, AUDITOR);
      expect(big.items).toHaveLength(60);
      expect(big.items[0].seq).toBeGreaterThan(big.items[59].seq);
      expect((await h.queries.page({ limit: 0 }, AUDITOR)).items).toHaveLength(1);
    });
  });

  it('records every read: who asked, for what, from where', async () => {
    await h.owner.query('DELETE FROM audit.outbox');
    await h.queries.page({ type: 'LoginFailed', limit: 5 }, AUDITOR);
    await h.queries.exportPage({ filters: { outcome: 'failure' }, format: 'csv' }, AUDITOR);
    await h.queries.verify(AUDITOR);
    const rows: Array<{ envelope: { type: string; actor: unknown; source: unknown; data: unknown } }> = await h.owner.query(
      'SELECT envelope FROM audit.outbox ORDER BY position',
    );
    expect(rows.map((r) => r.envelope)).toEqual([
      expect.objectContaining({
        type: 'AuditLogQueried',
        actor: AUDITOR.actor,
        source: { service: 'audit-service', ip: AUDITOR.ip, user_agent: 'spec' },
        data: { endpoint: '/audit/events', filters: { type: 'LoginFailed', limit: '5' } },
      }),
      expect.objectContaining({ type: 'AuditLogQueried', data: { endpoint: '/audit/events/export', filters: { outcome: 'failure', format: 'csv' } } }),
      expect.objectContaining({ type: 'AuditLogQueried', data: { endpoint: '/audit/verify', filters: {} } }),
    ]);
  });

  it('records a refused read as a failure, the caller as actor, keeping only the known filters, bounded', async () => {
    const founder: RequestMeta = { actor: { type: 'user', id: 'founder-9' }, ip: '198.51.100.9', user_agent: 'spec', request_id: 'req-2' };
    await h.owner.query('DELETE FROM audit.outbox');
    await h.queries.recordRefused(
      { endpoint: '/audit/events', query: { actor_id: 'a'.repeat(300), outcome: 'maybe', junk: 'x', limit: '5', type: ['a', 'b'] }, reason: 'FORBIDDEN' },
      founder,
    );
    await h.queries.recordRefused({ endpoint: '/audit/events/export', query: { format: 'xml', cursor: '3' }, reason: 'FORBIDDEN' }, founder);
    await h.queries.recordRefused({ endpoint: '/audit/verify', query: { type: 'x' }, reason: 'FORBIDDEN' }, founder);
    const rows: Array<{ envelope: { type: string; outcome: string; actor: unknown; source: unknown; data: unknown } }> = await h.owner.query(
      'SELECT envelope FROM audit.outbox ORDER BY position',
    );
    expect(rows.map((r) => r.envelope)).toEqual([
      expect.objectContaining({
        type: 'AuditLogQueried',
        outcome: 'failure',
        actor: founder.actor,
        source: { service: 'audit-service', ip: founder.ip, user_agent: 'spec' },
        data: { endpoint: '/audit/events', filters: { actor_id: 'a'.repeat(256), outcome: 'maybe', limit: '5' }, reason: 'FORBIDDEN' },
      }),
      expect.objectContaining({ outcome: 'failure', data: { endpoint: '/audit/events/export', filters: { format: 'xml' }, reason: 'FORBIDDEN' } }),
      expect.objectContaining({ outcome: 'failure', data: { endpoint: '/audit/verify', filters: {}, reason: 'FORBIDDEN' } }),
    ]);
  });

  it('records the refusals the gateway collapsed into one record: their count, first and last instants', async () => {
    const founder: RequestMeta = { actor: { type: 'user', id: 'founder-10' }, ip: '198.51.100.10', request_id: 'req-3' };
    await h.owner.query('DELETE FROM audit.outbox');
    const collapsed = { count: 9999, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:59.123Z' };
    await h.queries.recordRefused({ endpoint: '/audit/verify', query: {}, reason: 'INSUFFICIENT_SCOPE', ...collapsed }, founder);
    const rows: Array<{ envelope: { outcome: string; data: unknown } }> = await h.owner.query('SELECT envelope FROM audit.outbox ORDER BY position');
    expect(rows.map((r) => r.envelope)).toEqual([
      expect.objectContaining({ outcome: 'failure', data: { endpoint: '/audit/verify', filters: {}, reason: 'INSUFFICIENT_SCOPE', ...collapsed } }),
    ]);
  });

  it.each([
    ['a count that is not a positive integer', { endpoint: '/audit/verify', query: {}, reason: 'FORBIDDEN', count: 0 }, AUDITOR],
    ['an instant that is not RFC 3339 UTC', { endpoint: '/audit/verify', query: {}, reason: 'FORBIDDEN', count: 2, first_at: 'yesterday' }, AUDITOR],
    ['an endpoint that is not an audit read', { endpoint: '/admin/keys', query: {}, reason: 'FORBIDDEN' }, AUDITOR],
    ['another reason', { endpoint: '/audit/verify', query: {}, reason: 'UNAUTHENTICATED' }, AUDITOR],
    [
      'an anonymous caller (a 401 is never recorded)',
      { endpoint: '/audit/verify', query: {}, reason: 'FORBIDDEN' },
      { actor: { type: 'user' as const, id: null } },
    ],
  ])('refuses to record %s', async (_name, req, meta) => {
    await h.owner.query('DELETE FROM audit.outbox');
    await expect(h.queries.recordRefused(req as never, meta)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.owner.query('SELECT 1 FROM audit.outbox')).toHaveLength(0);
  });

  it('records the admin reads the gateway collapsed as one AdminRead, the caller as actor, in the outbox', async () => {
    const admin: RequestMeta = { actor: { type: 'user', id: 'admin-7' }, ip: '198.51.100.11', request_id: 'req-4' };
    await h.owner.query('DELETE FROM audit.outbox');
    const collapsed = { count: 20, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:19.000Z' };
    expect(await h.queries.recordAdminRead({ route: '/admin/users/:id/sessions', ...collapsed }, admin)).toEqual({ recorded: true });
    const rows: Array<{ envelope: { type: string; outcome: string; actor: unknown; subject: unknown; data: unknown } }> = await h.owner.query(
      'SELECT envelope FROM audit.outbox ORDER BY position',
    );
    expect(rows.map((r) => r.envelope)).toEqual([
      expect.objectContaining({
        type: 'AdminRead',
        outcome: 'success',
        actor: admin.actor,
        subject: { type: 'admin-route', id: '/admin/users/:id/sessions' },
        data: { route: '/admin/users/:id/sessions', ...collapsed },
      }),
    ]);
  });

  it.each([
    [
      'a route that is not an audited admin read',
      { route: '/audit/events', count: 1, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:00.000Z' },
      AUDITOR,
    ],
    ['no count', { route: '/admin/keys', first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:00.000Z' }, AUDITOR],
    [
      'a count that is not a positive integer',
      { route: '/admin/keys', count: -1, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:00.000Z' },
      AUDITOR,
    ],
    [
      'an anonymous caller',
      { route: '/admin/keys', count: 1, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:00.000Z' },
      { actor: { type: 'user' as const, id: null } },
    ],
  ])('refuses to record an admin read with %s', async (_name, req, meta) => {
    await h.owner.query('DELETE FROM audit.outbox');
    await expect(h.queries.recordAdminRead(req as never, meta)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.owner.query('SELECT 1 FROM audit.outbox')).toHaveLength(0);
  });

  it('keeps paging stable while records are appended: no record twice, none skipped', async () => {
    const first = await h.queries.page({ limit: 9 }, AUDITOR);
    const top = first.items[0].seq;
    let appending = true;
    const appender = (async () => {
      let i = 1000;
      while (appending) await h.projection.project(sampleEvent(i++));
    })();
    const seen = [...first.items];
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await h.queries.page({ limit: 9, cursor }, AUDITOR);
      seen.push(...page.items);
      cursor = page.next_cursor;
    }
    appending = false;
    await appender;
    const seqs = seen.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: top }, (_, i) => top - i));
    expect((await h.repo.head())?.seq).toBeGreaterThan(top);
    all = await h.records();
  });

  it('exports oldest first as a snapshot: records appended during the export stay out', async () => {
    const first = await h.queries.exportPage({ filters: { type: 'LoginFailed' }, format: 'ndjson' }, AUDITOR);
    const until = Number(first.until);
    const expected = all.filter((r) => r.type === 'LoginFailed' && r.seq <= until).map((r) => r.seq);
    await h.append(12, (i) => event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure', subject: { type: 'user', id: `late-${i}` } }));
    const seen = exportPageRecords(first);
    let after = first.next_after;
    while (after) {
      const page = await h.queries.exportPage({ filters: { type: 'LoginFailed' }, format: 'ndjson', after, until: first.until }, AUDITOR);
      seen.push(...exportPageRecords(page));
      after = page.next_after;
    }
    expect(seen.map((r) => r.seq)).toEqual(expected);
    expect(seen.every((r) => !r.subject.id.startsWith('late-'))).toBe(true);
  });

  it('exports records equal, member for member and in order, to the log read back row by row (their JSON is written by Postgres)', async () => {
    const odd = 'ünïcødé "quoted" \\ back\nslash\t\u2028 😀 </script>';
    const proof = () => ({ producer: 'user-service', subject: 'tr4ction.audit.probe.v1', key_id: 'k1', signature: 'sig', payload_sha256: 'd'.repeat(64) });
    const data = (i: number) => ({
      endpoint: '/audit/events',
      filters: { note: `${odd}-${i}`, ratio: 1.5, big: 12345678901234, flags: [true, null, { deep: [] }] },
    });
    // With a proof, and (from the projection) without one; outcome absent on some.
    await seedAuditLog(h.owner, 3, (i) => event('AuditLogQueried', data(i) as never, { subject: { type: 'audit-log', id: 'json-probe' } }), 5000, proof);
    await h.append(2, (i) => event('LoginSucceeded', { password_change_required: i === 0 }, { subject: { type: 'user', id: `json-probe-${i}` } }));

    const first = await h.queries.exportPage({ filters: {}, format: 'ndjson' }, AUDITOR);
    const exported = exportPageRecords(first);
    for (let after = first.next_after; after;) {
      const page = await h.queries.exportPage({ filters: {}, format: 'ndjson', after, until: first.until }, AUDITOR);
      exported.push(...exportPageRecords(page));
      after = page.next_after;
    }
    const stored = (await h.records()).filter((r) => r.seq <= Number(first.until));
    // As the gateway writes NDJSON: the same text, so the same members in the same order.
    expect(exported.map((r) => JSON.stringify(r))).toEqual(stored.map((r) => JSON.stringify(r)));
    expect(exported.some((r) => r.proof) && exported.some((r) => !('proof' in r))).toBe(true);
    expect(exported.some((r) => JSON.stringify(r.data).includes('😀'))).toBe(true);
  });

  it('refuses a later export page without its snapshot, and an unknown format', async () => {
    await expect(h.queries.exportPage({ filters: {}, format: 'ndjson', after: '5' }, AUDITOR)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(h.queries.exportPage({ filters: {}, format: 'xml' as 'csv' }, AUDITOR)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('cuts an export page short rather than exceed the reply budget, and goes on from where it stopped', async () => {
    const padding = 'x'.repeat(2_000); // ~2.6 kB a record: 1,000 of them would be far over budget
    await h.seedBulk(1_200, (i) =>
      event('AuditLogQueried', { endpoint: '/audit/events', filters: { trace_id: `${padding}-${i}` } }, { subject: { type: 'audit-log', id: 'budget-probe' } }),
    );
    const filters = { subject_id: 'budget-probe' };
    const first = await h.queries.exportPage({ filters, format: 'ndjson' }, AUDITOR);
    expect(first.items_json.length).toBeGreaterThan(0);
    expect(first.items_json.length).toBeLessThan(EXPORT_PAGE_SIZE);
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThanOrEqual(MAX_PAGE_BYTES + 1024);
    const seen = exportPageRecords(first);
    for (let after = first.next_after; after;) {
      const page = await h.queries.exportPage({ filters, format: 'ndjson', after, until: first.until }, AUDITOR);
      seen.push(...exportPageRecords(page));
      after = page.next_after;
    }
    expect(seen.length).toBe(1_200);
    expect(new Set(seen.map((r) => r.seq)).size).toBe(1_200);
  });

  describe('indexes', () => {
    const FILTER_COLUMNS = ['type', 'actor_id', 'subject_id', 'outcome', 'occurred_at', 'trace_id'];

    it('has an index led by each filter column, with seq right after it for keyset order', async () => {
      const rows: Array<{ first: string; second: string | null }> = await h.owner.query(`
        SELECT a1.attname AS first, a2.attname AS second
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid AND t.relname = 'audit_log_v1'
        JOIN pg_attribute a1 ON a1.attrelid = t.oid AND a1.attnum = i.indkey[0]
        LEFT JOIN pg_attribute a2 ON a2.attrelid = t.oid AND a2.attnum = i.indkey[1]`);
      for (const column of FILTER_COLUMNS) expect(rows).toContainEqual({ first: column, second: 'seq' });
      expect(rows).toContainEqual({ first: 'seq', second: null });
    });

    it('never plans a parallel scan of the log (starting workers costs more than a page)', async () => {
      const [{ options }]: Array<{ options: string[] | null }> = await h.owner.query(
        `SELECT reloptions AS options FROM pg_class WHERE oid = 'audit.audit_log_v1'::regclass`,
      );
      expect(options).toContain('parallel_workers=0');
    });

    it('answers every filter from an index, never a sequential scan, on a large log', async () => {
      await h.seedBulk(20_000);
      const target = (await h.repo.range({ order: 'desc', limit: 1 }))[0];
      const probes: Array<[string, unknown]> = [
        ['type = $1', 'LoginSucceeded'],
        ['actor_id = $1', 'actor-3'],
        ['subject_id = $1', 'subject-2'],
        ['outcome = $1', 'failure'],
        ['occurred_at >= $1', '2026-01-10T00:00:00Z'],
        ['occurred_at < $1', '2026-01-02T00:00:00Z'],
        ['trace_id = $1', target.trace_id],
      ];
      for (const [where, value] of probes) {
        for (const keyset of ['', ' AND seq < 15000']) {
          const plan: Array<{ 'QUERY PLAN': string }> = await h.owner.query(
            `EXPLAIN SELECT * FROM audit.audit_log_v1 WHERE ${where}${keyset} ORDER BY seq DESC LIMIT 101`,
            [value],
          );
          const text = plan.map((p) => p['QUERY PLAN']).join('\n');
          expect({ where: where + keyset, seqScan: /Seq Scan/.test(text) }).toEqual({ where: where + keyset, seqScan: false });
        }
      }
    });

    it('reads a filtered page from its index, not by walking newer records, behind a burst or in a past window', async () => {
      // A log like production's: ordinary traffic, a burst of one type (a password spray), more traffic.
      const burstStart = Date.UTC(2026, 1, 1);
      await h.seedBulk(3_000);
      await h.seedBulk(15_000, (i) =>
        event('LoginFailed', { reason: 'wrong_password', failed_attempts: 1 }, { outcome: 'failure', occurredAt: new Date(burstStart + i) }),
      );
      await h.seedBulk(25_000, (i) => sampleEvent(i + 50_000));
      await h.owner.query('VACUUM (ANALYZE) audit.audit_log_v1'); // what autovacuum keeps doing for an append-only table
      const records = await h.records();
      const burstTop = records.filter((r) => r.type === 'LoginFailed' && r.occurred_at >= new Date(burstStart).toISOString()).at(-1)?.seq ?? 0;
      const cases: RangeQuery[] = [
        { type: 'LoginSucceeded', before: String(burstTop - 100), order: 'desc', limit: 101 },
        { outcome: 'failure', from: '2026-02-08T00:00:00.000Z', to: '2026-02-09T00:00:00.000Z', order: 'desc', limit: 101 },
      ];
      for (const q of cases) {
        // A time window may first look through the next PROBE_ROWS records in order, then through the
        // two blocks of seqs its day overlaps: no more than that (the ~18,700 newer records stay unread).
        let rowsFilteredOut = 0;
        for (const { sql, params } of await statementsOfRange(h.owner, q)) rowsFilteredOut += rowsRemoved((await explained(sql, params)).Plan);
        expect({ q, withinBound: rowsFilteredOut <= (q.from ? PROBE_ROWS + 2 * SEQ_BLOCK_SIZE : 0) }).toEqual({ q, withinBound: true });
        const expected = records
          .filter((r) => matches(r, q))
          .sort((a, b) => b.seq - a.seq)
          .slice(0, q.limit);
        expect(expected.length).toBe(101);
        expect((await h.repo.range(q)).map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
      }
    });

    it('pages through a window dense with records exactly, late records included, reading a block or two per page, not the whole window', async () => {
      // A backlog projected within seconds (what a burst or a replay leaves: 24,000 records in 24 s,
      // half of them failures), more traffic after it, then records that arrive late: one from
      // inside the dense stretch and one from its first day, both appended last.
      const denseStart = Date.UTC(2026, 5, 1);
      const at = (ms: number) => new Date(denseStart + ms);
      const dense = (i: number): EventEnvelope =>
        i % 2 === 0
          ? event('LoginFailed', { reason: 'wrong_password', failed_attempts: 1 }, { outcome: 'failure', occurredAt: at(i) })
          : event('LoginSucceeded', { password_change_required: false }, { occurredAt: at(i) });
      await h.seedBulk(24_000, dense);
      await h.seedBulk(2_000, (i) => sampleEvent(i + 300_000));
      await h.seedBulk(2, (i) =>
        event('LoginFailed', { reason: 'wrong_password', failed_attempts: 1 }, { outcome: 'failure', occurredAt: at(i ? 12_000.5 : -3_600_000) }),
      );
      await h.owner.query('VACUUM (ANALYZE) audit.audit_log_v1');
      const records = await h.records();

      const window: RangeQuery = { outcome: 'failure', from: at(2_000).toISOString(), to: at(22_000).toISOString(), order: 'desc', limit: 101 };
      const inWindow = records.filter((r) => matches(r, window));
      expect(inWindow.length).toBe(10_001); // 10,000 from the stretch and the late one from inside it
      const pages: number[] = [];
      let before: string | undefined;
      do {
        const q = { ...window, before };
        // Every record a page's statements touch (returned or filtered out): a few blocks' worth, not the window's 10,001 matches.
        let touched = 0;
        for (const { sql, params } of await statementsOfRange(h.owner, q)) touched += rowsTouched((await explained(sql, params)).Plan);
        expect({ before, touched: touched <= inWindow.length / 2 }).toEqual({ before, touched: true });
        const page = (await h.repo.range(q)).map((r) => r.seq);
        pages.push(...page.slice(0, 100));
        before = page.length > 100 ? String(page[99]) : undefined;
      } while (before);
      expect(pages).toEqual(newestFirst(inWindow));

      // Oldest first (the export's order) up to a snapshot, over the stretch's first day with the late records.
      const exportWindow: RangeQuery = { outcome: 'failure', from: at(-86_400_000).toISOString(), to: at(3_000).toISOString(), order: 'asc', limit: 101 };
      const until = String(records.at(-1)?.seq);
      const exported: number[] = [];
      let after: string | undefined;
      do {
        const page = (await h.repo.range({ ...exportWindow, after, until })).map((r) => r.seq);
        exported.push(...page.slice(0, 100));
        after = page.length > 100 ? String(page[99]) : undefined;
      } while (after);
      const expectedExport = records.filter((r) => matches(r, exportWindow)).map((r) => r.seq);
      expect(expectedExport).toContain(records.at(-2)?.seq); // the late record from the first day
      expect(exported).toEqual(expectedExport);
    });
  });
});
