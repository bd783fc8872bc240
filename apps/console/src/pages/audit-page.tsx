/**
 * The audit log for admins and auditors: every filter of GET /audit/events, keyset paging, CSV and
 * NDJSON export of every match, the chain verification result, and a link to each record's trace
 * in Jaeger when the gateway knows the Jaeger UI (the record then carries trace_url).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, download } from '../api/session';
import type { AuditRecord, Page as PageOf, VerifyResult } from '../api/types';
import { KeysetPager, useKeysetCursor } from '../components/keyset-pager';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { useHashQuery } from '../router';

const PAGE_SIZE = 50;

/** The event catalogue (libs/contracts/src/events/catalogue.ts), offered as suggestions; any type may be typed. */
const EVENT_TYPES = [
  'UserRegistered',
  'UserCreated',
  'UserDeleted',
  'RolesChanged',
  'LoginSucceeded',
  'LoginFailed',
  'AccountLocked',
  'AccountUnlocked',
  'PasswordChanged',
  'PasswordResetByAdmin',
  'TokenIssued',
  'TokenRevoked',
  'RefreshTokenReuseDetected',
  'AllTokensRevoked',
  'SecretRotated',
  'SigningKeyRevoked',
  'ServiceAccountCreated',
  'ServiceAccountRevoked',
  'ConfigurationChanged',
  'DatabaseBackupCompleted',
  'AuditCheckpointSigned',
];

interface Filters {
  type: string;
  actor_id: string;
  subject_id: string;
  outcome: string;
  from: string;
  to: string;
  trace_id: string;
}

const EMPTY: Filters = { type: '', actor_id: '', subject_id: '', outcome: '', from: '', to: '', trace_id: '' };

/** datetime-local inputs are in the browser's zone; the API takes RFC 3339. */
function toQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f) as Array<[keyof Filters, string]>) {
    const value = v.trim();
    if (!value) continue;
    q.set(k, k === 'from' || k === 'to' ? new Date(value).toISOString() : value);
  }
  return q;
}

/** `#/audit?seq=N` (an evidence link): N, when it is a record's seq. */
function linkedSeq(query: URLSearchParams): number | null {
  const seq = Number(query.get('seq'));
  return Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // Newest first: the page whose cursor is seq + 1 starts with record seq.
  const linked = linkedSeq(useHashQuery());
  const paging = useKeysetCursor(linked === null ? null : String(linked + 1));
  const { cursor } = paging;
  const atLinked = linked !== null && applied === EMPTY && cursor === String(linked + 1);
  const [page, setPage] = useState<PageOf<AuditRecord> | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (f: Filters, at: string | null) => {
    setLoading(true);
    try {
      const q = toQuery(f);
      q.set('limit', String(PAGE_SIZE));
      if (at) q.set('cursor', at);
      const res = await api<PageOf<AuditRecord>>('GET', `/audit/events?${q}`);
      if (res.ok) {
        setPage(res.data);
        setNotice(null);
      } else setNotice(errorNotice(res.problem));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(applied, cursor);
  }, [applied, cursor, load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    paging.reset();
    setApplied({ ...draft });
  };

  const exportAs = async (format: 'csv' | 'ndjson') => {
    const q = toQuery(applied);
    q.set('format', format);
    const res = await download(`/audit/events/export?${q}`, `audit-events.${format}`);
    setNotice(res.ok ? { kind: 'ok', text: `Exported ${res.data}.` } : errorNotice(res.problem));
  };

  const field = (key: keyof Filters) => ({
    id: `filter-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <Page title="Audit log" intro="Append-only, hash-chained records of every state change, newest first.">
      <Notice value={notice} />
      <VerifyPanel />
      <form className="panel filters" onSubmit={apply} aria-label="Filter the audit log">
        <h2>Filters</h2>
        <div className="grid">
          <div>
            <label htmlFor="filter-type">Event type</label>
            <input type="text" list="event-types" autoComplete="off" {...field('type')} />
            <datalist id="event-types">
              {EVENT_TYPES.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
          </div>
          <div>
            <label htmlFor="filter-outcome">Outcome</label>
            <select {...field('outcome')}>
              <option value="">any</option>
              <option value="success">success</option>
              <option value="failure">failure</option>
            </select>
          </div>
          <div>
            <label htmlFor="filter-actor_id">Actor id</label>
            <input type="text" autoComplete="off" spellCheck={false} {...field('actor_id')} />
          </div>
          <div>
            <label htmlFor="filter-subject_id">Subject id</label>
            <input type="text" autoComplete="off" spellCheck={false} {...field('subject_id')} />
          </div>
          <div>
            <label htmlFor="filter-from">From (your local time)</label>
            <input type="datetime-local" step={1} {...field('from')} />
          </div>
          <div>
            <label htmlFor="filter-to">To, excluded (your local time)</label>
            <input type="datetime-local" step={1} {...field('to')} />
          </div>
          <div>
            <label htmlFor="filter-trace_id">Trace id</label>
            <input type="text" autoComplete="off" spellCheck={false} {...field('trace_id')} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              paging.reset();
              setApplied(EMPTY);
            }}
          >
            Clear filters
          </button>
          <button type="button" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportAs('ndjson')}>
            Export NDJSON
          </button>
        </div>
      </form>
      <h2 id="records-heading">Records</h2>
      {atLinked ? (
        <p className="muted" data-testid="linked-record">
          Opened at record {linked}, the evidence of a point-in-time answer: it is the first row, highlighted.
        </p>
      ) : null}
      <p role="status" className="muted" data-testid="records-count">
        {loading
          ? 'Loading…'
          : page
            ? `${page.items.length} record${page.items.length === 1 ? '' : 's'} on this page${page.next_cursor ? ', more on the next' : ''}.`
            : ''}
      </p>
      <TableRegion label="Audit records">
        <table aria-labelledby="records-heading">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">Occurred</th>
              <th scope="col">Type</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Subject</th>
              <th scope="col">Trace</th>
              <th scope="col">Data</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((r) => (
              <tr key={r.seq} data-type={r.type} data-seq={r.seq} className={atLinked && r.seq === linked ? 'highlight' : undefined}>
                <th scope="row">{r.seq}</th>
                <td>{formatDate(r.occurred_at)}</td>
                <td>{r.type}</td>
                <td>
                  <span className={`badge badge-${r.outcome}`}>{r.outcome}</span>
                </td>
                <td>
                  {r.actor.type}
                  {r.actor.id ? <div className="id">{r.actor.id}</div> : null}
                </td>
                <td>
                  {r.subject.type}
                  {r.subject.id ? <div className="id">{r.subject.id}</div> : null}
                </td>
                <td>
                  {r.trace_url ? (
                    <a href={r.trace_url} target="_blank" rel="noopener noreferrer" aria-label={`Trace of record ${r.seq} in Jaeger (opens a new tab)`}>
                      Jaeger
                    </a>
                  ) : r.trace_id ? (
                    <span className="id">{r.trace_id}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <details>
                    <summary aria-label={`Show data of record ${r.seq}`}>Show</summary>
                    <pre>{JSON.stringify({ data: r.data, source: r.source, event_id: r.event_id, hash: r.hash }, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <KeysetPager paging={paging} nextCursor={page?.next_cursor} label="Audit log pages" backText="Newer records" forwardText="Older records" />
    </Page>
  );
}

function VerifyPanel() {
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const res = await api<VerifyResult>('GET', '/audit/verify');
      if (res.ok) setResult(res.data);
      else setNotice(errorNotice(res.problem));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Chain verification</h2>
      <p>Walks every record's hash from the first one and checks the signed checkpoints.</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void verify()}>
        {busy ? 'Verifying…' : 'Verify the chain'}
      </button>
      <Notice value={notice} />
      <div role="status" data-testid="verify-result">
        {result ? (
          result.ok ? (
            <p className="verdict verdict-ok">
              Intact: {result.checked} records checked{result.head ? `, head at seq ${result.head.seq}` : ''}.
            </p>
          ) : (
            <p className="verdict verdict-bad">
              Broken at seq {result.first_bad_seq ?? '?'}: {result.reason ?? 'no reason given'} ({result.checked} records checked).
            </p>
          )
        ) : null}
      </div>
    </section>
  );
}
