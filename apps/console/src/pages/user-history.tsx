/** A user's history: every audit record whose subject is the account, oldest first, keyset paged, each linked to its record. */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/session';
import type { UserHistoryPage } from '../api/types';
import { auditRecordHref } from '../components/evidence-link';
import { KeysetPager, useKeysetCursor } from '../components/keyset-pager';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { describeChanges } from './history-changes';

const PAGE_SIZE = 50;

export function UserHistory({ userId, label, onClose }: { userId: string; label: string; onClose: () => void }) {
  const paging = useKeysetCursor();
  const { cursor } = paging;
  const [page, setPage] = useState<UserHistoryPage | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (at: string | null) => {
      setLoading(true);
      try {
        const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (at) q.set('cursor', at);
        const res = await api<UserHistoryPage>('GET', `/admin/users/${encodeURIComponent(userId)}/history?${q}`);
        if (res.ok) {
          setPage(res.data);
          setNotice(null);
        } else setNotice(errorNotice(res.problem));
      } finally {
        setLoading(false);
      }
    },
    [userId],
  );
  useEffect(() => {
    void load(cursor);
  }, [cursor, load]);

  return (
    <section aria-labelledby="user-history-heading" data-testid="user-history">
      <div className="list-head">
        <h2 id="user-history-heading">History of {label}</h2>
        <button type="button" onClick={() => void load(cursor)}>
          Refresh the history
        </button>
        <button type="button" onClick={onClose}>
          Back to the accounts
        </button>
      </div>
      <p className="muted">Every audit record about this account, oldest first: what happened, when, who did it and what it changed.</p>
      <Notice value={notice} />
      <p role="status" className="muted" data-testid="history-count">
        {loading
          ? 'Loading…'
          : page
            ? `${page.items.length} record${page.items.length === 1 ? '' : 's'} on this page${page.next_cursor ? ', more on the next' : ''}.`
            : ''}
      </p>
      <TableRegion label={`History of ${label}`}>
        <table aria-labelledby="user-history-heading">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">Occurred</th>
              <th scope="col">Type</th>
              <th scope="col">Actor</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((e) => (
              <tr key={e.audit_seq} data-type={e.type} data-seq={e.audit_seq}>
                <th scope="row">
                  <a href={auditRecordHref(e.audit_seq)} aria-label={`Audit record ${e.audit_seq}`}>
                    {e.audit_seq}
                  </a>
                </th>
                <td>{formatDate(e.occurred_at)}</td>
                <td>{e.type}</td>
                <td>
                  {e.actor.type}
                  {e.actor.id ? <div className="id">{e.actor.id}</div> : null}
                </td>
                <td data-testid="history-changes">
                  <ul className="changes">
                    {describeChanges(e.changes).map((c) => (
                      <li key={c.field}>
                        <span className="muted">{c.field}:</span> {c.text}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <KeysetPager paging={paging} nextCursor={page?.next_cursor} label="History pages" backText="Earlier records" forwardText="Later records" />
    </section>
  );
}
