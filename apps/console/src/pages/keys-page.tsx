/**
 * Signing keys: statuses and dates, the planned rotation, and the emergency revocation of every
 * token, which asks for a reason and a typed confirmation because it signs everyone out (this
 * session included). With an "as of" instant the page shows the keys as they were then, read-only.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, dropSession } from '../api/session';
import type { RotationOutcome, SigningKey } from '../api/types';
import { AsOfControl, useAsOf } from '../components/as-of-control';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { KeysAsOf } from './keys-as-of';
import { KeyCells, KeyColumnHeads } from './key-columns';

export const REVOKE_ALL_PHRASE = 'REVOKE ALL TOKENS';

function describe(outcome: RotationOutcome): string {
  if (outcome.status === 'rotated')
    return `Rotated: ${outcome.active_kid ?? 'the next key'} now signs; ${outcome.previous_kid ?? 'the previous key'} keeps verifying its tokens until they expire.`;
  if (outcome.status === 'scheduled')
    return `Scheduled: the next key has not been public for a full JWKS cache period yet; it starts signing at ${formatDate(outcome.activates_at)}.`;
  return 'Nothing to rotate right now.';
}

export function KeysPage({ onRevokedAll }: { onRevokedAll: (message: string) => void }) {
  const [keys, setKeys] = useState<SigningKey[] | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [busy, setBusy] = useState(false);
  const asOf = useAsOf();

  const load = useCallback(async () => {
    const res = await api<{ items: SigningKey[] }>('GET', '/admin/keys');
    if (res.ok) setKeys(res.data.items);
    else setNotice(errorNotice(res.problem));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const rotate = async () => {
    setBusy(true);
    try {
      const res = await api<RotationOutcome>('POST', '/admin/keys/rotate');
      setNotice(res.ok ? { kind: 'ok', text: describe(res.data) } : errorNotice(res.problem));
      await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="Signing keys"
      intro="Keys that sign and verify access tokens. A new key is published before it signs; the old one verifies its tokens until they expire."
    >
      <Notice value={notice} />
      <AsOfControl id="keys-as-of-instant" state={asOf} what="signing keys" />
      {asOf.asOf ? (
        <KeysAsOf asOf={asOf.asOf} />
      ) : (
        <>
          <TableRegion label="Signing keys">
            <table>
              <caption className="sr-only">Signing keys</caption>
              <thead>
                <tr>
                  <KeyColumnHeads />
                  <th scope="col">Created</th>
                  <th scope="col">Activated</th>
                  <th scope="col">Stops verifying</th>
                </tr>
              </thead>
              <tbody>
                {keys?.map((k) => (
                  <tr key={k.kid} data-status={k.status}>
                    <KeyCells kid={k.kid} alg={k.alg} status={k.status} />
                    <td>{formatDate(k.created_at)}</td>
                    <td>{formatDate(k.activated_at)}</td>
                    <td>{formatDate(k.expires_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <section aria-labelledby="rotate-heading" className="panel">
            <h2 id="rotate-heading">Planned rotation</h2>
            <p>The next key starts signing now (or as soon as it has been public for one JWKS cache period). Nobody is signed out.</p>
            <button type="button" className="primary" disabled={busy} onClick={() => void rotate()}>
              Rotate the signing key
            </button>
          </section>
          <RevokeAll onRevokedAll={onRevokedAll} onError={setNotice} />
        </>
      )}
    </Page>
  );
}

function RevokeAll({ onRevokedAll, onError }: { onRevokedAll: (message: string) => void; onError: (n: NoticeValue) => void }) {
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = typed === REVOKE_ALL_PHRASE && reason.trim().length > 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      const res = await api<{ not_before: string }>('POST', '/admin/tokens/revoke-all', { reason: reason.trim() });
      if (!res.ok) return onError(errorNotice(res.problem));
      // This session's tokens were issued before the cutoff too.
      dropSession();
      onRevokedAll(`Every token issued before ${formatDate(res.data.not_before)} is revoked, this session's included. Sign in again.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="revoke-all-heading" className="panel danger-zone">
      <h2 id="revoke-all-heading">Emergency: revoke every token</h2>
      <p>
        Every access and refresh token issued before now is rejected at once, on every gateway. Everyone, you included, must sign in again. Use it when a
        signing key or a token store may have leaked.
      </p>
      <form onSubmit={(e) => void submit(e)} aria-label="Revoke every token">
        <label htmlFor="revoke-all-reason">Reason (recorded in the audit log)</label>
        <textarea id="revoke-all-reason" required maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        <label htmlFor="revoke-all-confirm">
          Type <strong>{REVOKE_ALL_PHRASE}</strong> to confirm
        </label>
        <input id="revoke-all-confirm" type="text" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="danger" disabled={!ready || busy}>
          Revoke every token now
        </button>
      </form>
    </section>
  );
}
