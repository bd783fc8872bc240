/**
 * The signed-in user's second factors: enrol an authenticator app (its key shown once as a QR code
 * and as text, confirmed by a first code), register named passkeys (the browser's WebAuthn
 * prompt), remove either, and regenerate the recovery codes (shown once). Removing and
 * regenerating need a recent sign-in; the API says so (REAUTHENTICATION_REQUIRED) and so does this page.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, registerPasskey } from '../api/session';
import type { MfaStatus, TotpEnrolment } from '../api/types';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { QrCode } from '../components/qr-code';
import { ShownOnce } from '../components/shown-once';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';

export function MfaPage() {
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const res = await api<MfaStatus>('GET', '/auth/mfa');
    if (res.ok) setStatus(res.data);
    else setNotice(errorNotice(res.problem));
  }, []);
  useEffect(() => void load(), [load]);

  const remove = async (id: string, label: string) => {
    setBusy(true);
    try {
      const res = await api<void>('DELETE', `/auth/mfa/${id}`);
      setNotice(res.ok ? { kind: 'ok', text: `Removed ${label}.` } : errorNotice(res.problem));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const regenerate = async () => {
    setBusy(true);
    try {
      const res = await api<{ recovery_codes: string[] }>('POST', '/auth/mfa/recovery-codes');
      if (res.ok) {
        setCodes(res.data.recovery_codes);
        setNotice({ kind: 'ok', text: 'New recovery codes: the old ones no longer work.' });
      } else setNotice(errorNotice(res.problem));
      await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="Second factor"
      intro="An authenticator app or a passkey is asked for after your password at every sign-in. Recovery codes get you in when both are lost; each works once."
    >
      <Notice value={notice} />
      {codes ? (
        <ShownOnce
          label="Recovery codes"
          value={codes.join('  ')}
          note="Keep them somewhere safe, away from the device with the app (printed, or in a password manager)."
          onDone={() => setCodes(null)}
        />
      ) : null}
      <TableRegion label="Second factors">
        <table>
          <caption className="sr-only">Second factors</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {status?.methods.map((m) => (
              <tr key={m.id} data-label={m.label} data-type={m.type}>
                <th scope="row">{m.label}</th>
                <td>{m.type === 'webauthn' ? 'Passkey' : 'Authenticator app'}</td>
                <td>{formatDate(m.created_at)}</td>
                <td>{formatDate(m.last_used_at)}</td>
                <td>
                  <button type="button" className="danger" disabled={busy} onClick={() => void remove(m.id, m.label)}>
                    Remove {m.label}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {status && status.methods.length === 0 ? <p>No second factor yet: your password alone signs you in.</p> : null}
      {status && status.methods.length > 0 ? (
        <section aria-labelledby="recovery-heading" className="panel">
          <h2 id="recovery-heading">Recovery codes</h2>
          <p data-testid="recovery-codes-left">{status.recovery_codes_left} of 10 left.</p>
          <button type="button" disabled={busy} onClick={() => void regenerate()}>
            Regenerate recovery codes
          </button>
        </section>
      ) : null}
      <EnrolPanel
        onEnrolled={async (recovery) => {
          if (recovery?.length) setCodes(recovery);
          setNotice({ kind: 'ok', text: 'Authenticator app added: sign-ins now ask for its code.' });
          await load();
        }}
        onNotice={setNotice}
      />
      <PasskeyPanel
        onRegistered={async (label, recovery) => {
          if (recovery?.length) setCodes(recovery);
          setNotice({ kind: 'ok', text: `Passkey ${label} added: sign-ins can now use it.` });
          await load();
        }}
        onNotice={setNotice}
      />
    </Page>
  );
}

/** A passkey, named by the user: the browser and the authenticator do the rest (no password asked; a recent sign-in is). */
export function PasskeyPanel({
  onRegistered,
  onNotice,
}: {
  onRegistered: (label: string, recoveryCodes: string[] | undefined) => Promise<void>;
  onNotice: (n: NoticeValue) => void;
}) {
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const supported = typeof window !== 'undefined' && 'PublicKeyCredential' in window;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const name = label.trim() || 'Passkey';
    setBusy(true);
    try {
      const res = await registerPasskey(name);
      if (res.ok) {
        setLabel('');
        await onRegistered(name, res.data.recovery_codes);
      } else onNotice(errorNotice(res.problem));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="passkey-heading" className="panel">
      <h2 id="passkey-heading">Add a passkey</h2>
      {supported ? (
        <form onSubmit={(e) => void add(e)} aria-label="Add a passkey">
          <p>A passkey lives on this device or a security key; the browser asks you to confirm with it (fingerprint, face, PIN or a touch).</p>
          <label htmlFor="passkey-label">Passkey name</label>
          <input id="passkey-label" type="text" maxLength={64} placeholder="e.g. work laptop" value={label} onChange={(e) => setLabel(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Waiting for the passkey…' : 'Add a passkey'}
            </button>
          </div>
        </form>
      ) : (
        <p>This browser does not support passkeys.</p>
      )}
    </section>
  );
}

export function EnrolPanel({
  onEnrolled,
  onNotice,
}: {
  onEnrolled: (recoveryCodes: string[] | undefined) => Promise<void>;
  onNotice: (n: NoticeValue) => void;
}) {
  const [password, setPassword] = useState('');
  const [label, setLabel] = useState('');
  const [pending, setPending] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await api<TotpEnrolment>('POST', '/auth/mfa/totp', { current_password: password, ...(label.trim() ? { label: label.trim() } : {}) });
      setPassword('');
      if (res.ok) {
        setPending(res.data);
        onNotice(null);
      } else onNotice(errorNotice(res.problem));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    setBusy(true);
    try {
      const res = await api<{ recovery_codes?: string[] }>('POST', `/auth/mfa/totp/${pending.id}/confirm`, { code: code.trim() });
      setCode('');
      if (res.ok) {
        setPending(null);
        setLabel('');
        await onEnrolled(res.data.recovery_codes);
      } else onNotice(errorNotice(res.problem));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="enrol-heading" className="panel">
      <h2 id="enrol-heading">Add an authenticator app</h2>
      {pending ? (
        <form onSubmit={(e) => void confirm(e)} aria-label="Confirm the authenticator app">
          <p>Scan this QR code with the app, or add an account with the key below (or open the link on the device that has the app). It is shown once.</p>
          <QrCode value={pending.otpauth_uri} label="QR code of the authenticator key" />
          <p>
            <code className="secret" data-testid="totp-secret">
              {pending.secret}
            </code>{' '}
            <a href={pending.otpauth_uri}>Open in an authenticator app</a>
          </p>
          <label htmlFor="totp-confirm-code">Code from the app</label>
          <input
            id="totp-confirm-code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Confirm
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={(e) => void start(e)} aria-label="Add an authenticator app">
          <label htmlFor="totp-password">Current password</label>
          <input id="totp-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <label htmlFor="totp-label">Name (optional)</label>
          <input id="totp-label" type="text" maxLength={64} value={label} onChange={(e) => setLabel(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Show the key
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
