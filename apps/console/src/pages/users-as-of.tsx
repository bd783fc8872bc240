/**
 * The users page as of a past instant: the accounts that existed then, their roles and state then,
 * read-only, with evidence. Keyed by the instant where it is used: another instant starts at page one.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/session';
import type { AsOfPage, UserAsOf } from '../api/types';
import { AsOfTable } from '../components/as-of-table';
import { EvidenceLink } from '../components/evidence-link';
import { KeysetPager, useKeysetCursor } from '../components/keyset-pager';
import { errorNotice, type NoticeValue } from '../components/notice';
import { formatDate } from '../format';
import { UserColumnHeads } from './user-columns';

const PAGE_SIZE = 20;

export function UsersAsOf({ asOf, onHistory }: { asOf: string; onHistory: (user: { id: string; email: string }) => void }) {
  const paging = useKeysetCursor();
  const { cursor } = paging;
  const [page, setPage] = useState<AsOfPage<UserAsOf> | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);

  const load = useCallback(
    async (at: string | null) => {
      const q = new URLSearchParams({ as_of: asOf, limit: String(PAGE_SIZE) });
      if (at) q.set('cursor', at);
      const res = await api<AsOfPage<UserAsOf>>('GET', `/admin/users?${q}`);
      if (res.ok) {
        setPage(res.data);
        setNotice(null);
      } else {
        setPage(null);
        setNotice(errorNotice(res.problem));
      }
    },
    [asOf],
  );
  useEffect(() => {
    void load(cursor);
  }, [cursor, load]);

  return (
    <>
      <AsOfTable
        id="users-as-of-list"
        testId="users-as-of"
        title={`Accounts as of ${page ? formatDate(page.as_of) : formatDate(asOf)}`}
        region="Accounts as of the chosen instant"
        notice={notice}
        heads={
          <>
            <UserColumnHeads />
            <th scope="col">Evidence</th>
            <th scope="col">History</th>
          </>
        }
      >
        {page?.items.map((u) => (
          <tr key={u.id} data-email={u.email}>
            <th scope="row">
              {u.email}
              {u.name ? <div className="muted">{u.name}</div> : null}
            </th>
            <td data-testid="user-roles">{u.roles.join(', ')}</td>
            <td data-testid="user-state">{u.status}</td>
            <td>{formatDate(u.created_at)}</td>
            <td>
              <EvidenceLink evidence={u.evidence} of={u.email} />
            </td>
            <td>
              <button type="button" onClick={() => onHistory(u)} aria-label={`History of ${u.email}`}>
                History
              </button>
            </td>
          </tr>
        ))}
      </AsOfTable>
      {page && page.items.length === 0 ? <p>No account existed then on this page.</p> : null}
      <KeysetPager
        paging={paging}
        nextCursor={page?.next_cursor}
        label="Pages of the accounts as of the chosen instant"
        backText="Previous page"
        forwardText="Next page"
      />
    </>
  );
}
