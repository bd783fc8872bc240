/** Service accounts: create (secret shown once, with a copy button), rotate (grace window shown), revoke. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/session';
import type { ServiceAccount } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { ShownOnce } from '../components/shown-once';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';

interface Shown {
  value: string;
  note: string;
}

export function ServiceAccountsPage() {
  const [accounts, setAccounts] = useState<ServiceAccount[] | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [secret, setSecret] = useState<Shown | null>(null);

  const load = useCallback(async () => {
    const res = await api<{ items: ServiceAccount[] }>('GET', '/admin/service-accounts');
    if (res.ok) setAccounts(res.data.items);
    else setNotice(errorNotice(res.problem));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const rotate = async (a: ServiceAccount) => {
    const res = await api<{ client_secret: string; previous_valid_until: string }>('POST', `/admin/service-accounts/${a.id}/rotate`);
    if (!res.ok) return setNotice(errorNotice(res.problem));
    const until = formatDate(res.data.previous_valid_until);
    setNotice({ kind: 'ok', text: `Rotated the secret of ${a.name}. The previous secret keeps working until ${until}.` });
    setSecret({
      value: res.data.client_secret,
      note: `New secret of ${a.name} (${a.client_id}). The previous one keeps working until ${until} (grace window).`,
    });
    await load();
  };

  const revoke = async (a: ServiceAccount) => {
    const res = await api<void>('DELETE', `/admin/service-accounts/${a.id}`);
    setNotice(res.ok ? { kind: 'ok', text: `Revoked ${a.name}: its secrets and tokens stop working now.` } : errorNotice(res.problem));
    await load();
  };

  return (
    <Page title="Service accounts" intro="Machine clients of the client_credentials grant. Secrets are stored only as hashes, so they are shown once.">
      <Notice value={notice} />
      {secret ? <ShownOnce label="Client secret" value={secret.value} note={secret.note} onDone={() => setSecret(null)} /> : null}
      <CreateForm
        onCreated={async (a, value) => {
          setNotice({ kind: 'ok', text: `Created ${a.name}.` });
          setSecret({ value, note: `Client id ${a.client_id}.` });
          await load();
        }}
        onError={setNotice}
      />
      <h2 id="sa-list">Accounts</h2>
      <TableRegion label="Service accounts">
        <table aria-labelledby="sa-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Client id</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Secret rotated</th>
              <th scope="col">Previous secret valid until</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {accounts?.map((a) => (
              <tr key={a.id} data-name={a.name} data-status={a.status}>
                <th scope="row">{a.name}</th>
                <td>
                  <code>{a.client_id}</code>
                </td>
                <td>{a.scopes.join(' ') || '—'}</td>
                <td>
                  <span className={`badge badge-${a.status}`}>{a.status}</span>
                </td>
                <td>{formatDate(a.secret_rotated_at)}</td>
                <td>{formatDate(a.previous_valid_until)}</td>
                <td>{formatDate(a.expires_at)}</td>
                <td>
                  <div className="row-actions">
                    {a.status === 'active' ? (
                      <>
                        <ConfirmButton
                          label="Rotate secret"
                          ariaLabel={`Rotate secret of ${a.name}`}
                          confirmLabel={`Confirm rotating ${a.name}`}
                          onConfirm={() => void rotate(a)}
                        />
                        <ConfirmButton
                          label="Revoke"
                          ariaLabel={`Revoke ${a.name}`}
                          confirmLabel={`Confirm revoking ${a.name}`}
                          onConfirm={() => void revoke(a)}
                        />
                      </>
                    ) : (
                      '—'
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {accounts && accounts.length === 0 ? <p>No service accounts yet.</p> : null}
    </Page>
  );
}

function CreateForm({ onCreated, onError }: { onCreated: (a: ServiceAccount, secret: string) => Promise<void>; onError: (n: NoticeValue) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState('');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const body = { name: name.trim(), scopes: scopes.split(/[\s,]+/).filter(Boolean), ...(days ? { expires_in_days: Number(days) } : {}) };
      const res = await api<ServiceAccount & { client_secret: string }>('POST', '/admin/service-accounts', body);
      if (!res.ok) return onError(errorNotice(res.problem));
      const { client_secret, ...account } = res.data;
      setName('');
      setScopes('');
      setDays('');
      await onCreated(account, client_secret);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel">
      <summary>Create a service account</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Create a service account">
        <label htmlFor="sa-name">Name</label>
        <input id="sa-name" type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="sa-scopes">Scopes (separated by spaces or commas)</label>
        <input id="sa-scopes" type="text" value={scopes} aria-describedby="sa-scopes-hint" onChange={(e) => setScopes(e.target.value)} />
        <p id="sa-scopes-hint" className="muted">
          Scopes of the platform, for example <code>audit:read</code> or <code>keys:read</code>; the account gets exactly these.
        </p>
        <label htmlFor="sa-days">Expires after (days, optional)</label>
        <input id="sa-days" type="number" min={1} max={3650} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          Create service account
        </button>
      </form>
    </details>
  );
}
