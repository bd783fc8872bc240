/**
 * Users: keyset-paged list, create (temporary password shown once), roles, unlock, reset, revoke,
 * delete; the list as of a past instant (read-only, with evidence); and one account's history
 * (`#/users?history=<id>`, so it can be linked and the browser's back button leaves it).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/session';
import { ROLES, type AdminUser, type Page as PageOf, type Role } from '../api/types';
import { AsOfControl, useAsOf } from '../components/as-of-control';
import { ConfirmButton } from '../components/confirm-button';
import { KeysetPager, useKeysetCursor } from '../components/keyset-pager';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { ShownOnce } from '../components/shown-once';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { navigate, useHashQuery } from '../router';
import { UserColumnHeads } from './user-columns';
import { UserHistory } from './user-history';
import { UsersAsOf } from './users-as-of';

const PAGE_SIZE = 20;

const INTRO = "Accounts in creation order. Changes that end a user's sessions (roles, reset, delete) revoke their tokens.";

export function UsersPage() {
  const query = useHashQuery();
  const historyOf = query.get('history');
  const asOf = useAsOf();
  const openHistory = (u: { id: string; email: string }) => navigate(`users?${new URLSearchParams({ history: u.id, email: u.email })}`);

  if (historyOf)
    return (
      <Page title="Users" intro={INTRO}>
        <UserHistory key={historyOf} userId={historyOf} label={query.get('email') || historyOf} onClose={() => navigate('users')} />
      </Page>
    );
  return (
    <Page title="Users" intro={INTRO}>
      <AsOfControl id="users-as-of" state={asOf} what="accounts" />
      {asOf.asOf ? <UsersAsOf key={asOf.asOf} asOf={asOf.asOf} onHistory={openHistory} /> : <LiveUsers onHistory={openHistory} />}
    </Page>
  );
}

function LiveUsers({ onHistory }: { onHistory: (user: { id: string; email: string }) => void }) {
  const [page, setPage] = useState<PageOf<AdminUser> | null>(null);
  const paging = useKeysetCursor();
  const { cursor } = paging;
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [secret, setSecret] = useState<{ label: string; value: string; note: string } | null>(null);

  const load = useCallback(async (at: string | null) => {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (at) q.set('cursor', at);
    const res = await api<PageOf<AdminUser>>('GET', `/admin/users?${q}`);
    if (res.ok) setPage(res.data);
    else setNotice(errorNotice(res.problem));
  }, []);

  useEffect(() => {
    void load(cursor);
  }, [cursor, load]);

  const act = async (what: string, method: string, path: string, body?: unknown) => {
    const res = await api<{ temporary_password?: string }>(method, path, body);
    if (!res.ok) {
      setNotice(errorNotice(res.problem));
      return undefined;
    }
    setNotice({ kind: 'ok', text: what });
    await load(cursor);
    return res.data;
  };

  return (
    <>
      <Notice value={notice} />
      {secret ? <ShownOnce label={secret.label} value={secret.value} note={secret.note} onDone={() => setSecret(null)} /> : null}
      <CreateUserForm
        onCreated={async (email, temporary) => {
          setSecret({ label: 'Temporary password', value: temporary, note: `For ${email}: they must change it at their first sign-in.` });
          setNotice({ kind: 'ok', text: `Created ${email}.` });
          await load(cursor);
        }}
        onError={setNotice}
      />
      <div className="list-head">
        <h2 id="users-list">Accounts</h2>
        <button type="button" onClick={() => void load(cursor)}>
          Refresh the list
        </button>
      </div>
      <TableRegion label="Accounts">
        <table aria-labelledby="users-list">
          <thead>
            <tr>
              <UserColumnHeads />
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                onHistory={() => onHistory(u)}
                onRoles={(roles) => void act(`Roles of ${u.email}: ${roles.join(', ')}.`, 'PUT', `/admin/users/${u.id}/roles`, { roles })}
                onUnlock={() => void act(`Unlocked ${u.email}.`, 'POST', `/admin/users/${u.id}/unlock`)}
                onRevoke={() => void act(`Revoked every token of ${u.email}.`, 'POST', `/admin/users/${u.id}/revoke-tokens`)}
                onResetMfa={() => void act(`Removed every second factor of ${u.email} and ended their sessions.`, 'POST', `/admin/users/${u.id}/mfa/reset`)}
                onDelete={() => void act(`Deleted ${u.email}.`, 'DELETE', `/admin/users/${u.id}`)}
                onReset={async () => {
                  const data = await act(`Reset the password of ${u.email}.`, 'POST', `/admin/users/${u.id}/reset-password`);
                  if (data?.temporary_password)
                    setSecret({
                      label: 'Temporary password',
                      value: data.temporary_password,
                      note: `For ${u.email}: they must change it at their next sign-in.`,
                    });
                }}
              />
            ))}
          </tbody>
        </table>
      </TableRegion>
      {page && page.items.length === 0 ? <p>No accounts on this page.</p> : null}
      <KeysetPager paging={paging} nextCursor={page?.next_cursor} label="Users pages" backText="Previous page" forwardText="Next page" />
    </>
  );
}

function CreateUserForm({ onCreated, onError }: { onCreated: (email: string, temporary: string) => Promise<void>; onError: (n: NoticeValue) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['founder']);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await api<{ id: string; temporary_password: string }>('POST', '/admin/users', {
        email: email.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        roles,
      });
      if (!res.ok) return onError(errorNotice(res.problem));
      const created = email.trim();
      setEmail('');
      setName('');
      await onCreated(created, res.data.temporary_password);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel">
      <summary>Create a user</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Create a user">
        <label htmlFor="new-user-email">Email</label>
        <input id="new-user-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="new-user-name">Name (optional)</label>
        <input id="new-user-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        <RolePicker legend="Roles" value={roles} onChange={setRoles} idPrefix="new-user" />
        <button type="submit" className="primary" disabled={busy || roles.length === 0}>
          Create user
        </button>
      </form>
    </details>
  );
}

function RolePicker({ legend, value, onChange, idPrefix }: { legend: string; value: Role[]; onChange: (r: Role[]) => void; idPrefix: string }) {
  return (
    <fieldset className="roles">
      <legend>{legend}</legend>
      {ROLES.map((r) => (
        <label key={r} htmlFor={`${idPrefix}-role-${r}`} className="inline">
          <input
            id={`${idPrefix}-role-${r}`}
            type="checkbox"
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {r}
        </label>
      ))}
    </fieldset>
  );
}

interface RowProps {
  user: AdminUser;
  onHistory: () => void;
  onRoles: (roles: Role[]) => void;
  onUnlock: () => void;
  onReset: () => Promise<void>;
  onRevoke: () => void;
  onResetMfa: () => void;
  onDelete: () => void;
}

function UserRow({ user, onHistory, onRoles, onUnlock, onReset, onRevoke, onResetMfa, onDelete }: RowProps) {
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const state = user.locked ? `locked until ${formatDate(user.locked_until)}` : user.status === 'active' ? 'active' : user.status;
  return (
    <tr data-email={user.email}>
      <th scope="row">
        {user.email}
        {user.name ? <div className="muted">{user.name}</div> : null}
      </th>
      <td>
        {editing ? (
          <form
            aria-label={`Roles of ${user.email}`}
            onSubmit={(e) => {
              e.preventDefault();
              setEditing(false);
              onRoles(roles);
            }}
          >
            <RolePicker legend={`Roles of ${user.email}`} value={roles} onChange={setRoles} idPrefix={`u-${user.id}`} />
            <button type="submit" disabled={roles.length === 0}>
              Save roles
            </button>
          </form>
        ) : (
          user.roles.join(', ')
        )}
      </td>
      <td data-testid="user-state">
        {state}
        {!user.locked && user.failed_attempts > 0 ? <div className="muted">{user.failed_attempts} failed sign-ins</div> : null}
      </td>
      <td>{formatDate(user.created_at)}</td>
      <td>
        <div className="row-actions">
          {user.locked ? (
            <button type="button" onClick={onUnlock} aria-label={`Unlock ${user.email}`}>
              Unlock
            </button>
          ) : null}
          {!editing ? (
            <button type="button" onClick={() => setEditing(true)} aria-label={`Roles of ${user.email}`}>
              Roles
            </button>
          ) : null}
          <button type="button" onClick={onHistory} aria-label={`History of ${user.email}`}>
            History
          </button>
          <ConfirmButton
            label="Reset password"
            ariaLabel={`Reset password of ${user.email}`}
            confirmLabel={`Confirm reset of ${user.email}`}
            onConfirm={() => void onReset()}
          />
          <ConfirmButton
            label="Revoke tokens"
            ariaLabel={`Revoke tokens of ${user.email}`}
            confirmLabel={`Confirm revoking ${user.email}'s tokens`}
            onConfirm={onRevoke}
          />
          <ConfirmButton
            label="Reset second factor"
            ariaLabel={`Reset second factor of ${user.email}`}
            confirmLabel={`Confirm resetting ${user.email}'s second factors`}
            onConfirm={onResetMfa}
          />
          <ConfirmButton label="Delete" ariaLabel={`Delete ${user.email}`} confirmLabel={`Confirm deleting ${user.email}`} onConfirm={onDelete} />
        </div>
      </td>
    </tr>
  );
}
