/**
 * Sign-in, the second factor when the account has one (a code of the authenticator app, a passkey
 * or a recovery code), and the forced password change when the login says password_change_required
 * (first login of a seeded or admin-created account, an admin reset, an expired password). The
 * policy's violations are listed next to the new-password field.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { changePassword, completeSecondFactor, completeWithPasskey, signIn, signOut, type SignInOutcome } from '../api/session';
import type { Me, MfaMethod, Violation } from '../api/types';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { ShownOnce } from '../components/shown-once';
import { EnrolPanel, PasskeyPanel } from './mfa-page';
import { problemText } from '../format';

type Step =
  | { kind: 'credentials' }
  | { kind: 'second-factor'; email: string; current: string; mfaToken: string; methods: MfaMethod[] }
  | { kind: 'change'; email: string; current: string }
  | { kind: 'enrol'; email: string };

const HEADINGS: Record<Step['kind'], string> = {
  credentials: 'Sign in',
  'second-factor': 'Second factor',
  change: 'Choose a new password',
  enrol: 'Add a second factor',
};
const ENROL_NOTICE: NoticeValue = { kind: 'info', text: 'Your role requires a second factor: add an authenticator app or a passkey before using the console.' };

export function SignInPage({ onSignedIn, initialNotice }: { onSignedIn: (me: Me) => void; initialNotice: NoticeValue }) {
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [notice, setNotice] = useState<NoticeValue>(initialNotice);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step.kind]);

  return (
    <div className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        {HEADINGS[step.kind]}
      </h1>
      <Notice value={notice} />
      {step.kind === 'credentials' ? (
        <CredentialsForm
          onResult={(next, n) => {
            setNotice(n);
            if (next) setStep(next);
          }}
          onSignedIn={onSignedIn}
        />
      ) : step.kind === 'enrol' ? (
        <EnrolStep
          email={step.email}
          onNotice={setNotice}
          onDone={() => {
            setNotice({ kind: 'ok', text: 'Second factor added. Sign in again with it.' });
            setStep({ kind: 'credentials' });
          }}
        />
      ) : step.kind === 'second-factor' ? (
        <SecondFactorForm
          step={step}
          onSignedIn={onSignedIn}
          onNotice={setNotice}
          onChangeRequired={() => {
            setNotice({ kind: 'info', text: 'This account must choose a new password before it can be used.' });
            setStep({ kind: 'change', email: step.email, current: step.current });
          }}
          onCancel={() => {
            setNotice(null);
            setStep({ kind: 'credentials' });
          }}
        />
      ) : (
        <ChangeForm step={step} onSignedIn={onSignedIn} onNotice={setNotice} onSecondFactor={setStep} onCancel={() => setStep({ kind: 'credentials' })} />
      )}
    </div>
  );
}

function CredentialsForm({ onResult, onSignedIn }: { onResult: (next: Step | null, n: NoticeValue) => void; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const outcome = await signIn(email.trim(), password);
      if (outcome.kind === 'signed-in') onSignedIn(outcome.me);
      else if (outcome.kind === 'mfa-required')
        onResult({ kind: 'second-factor', email: email.trim(), current: password, mfaToken: outcome.mfaToken, methods: outcome.methods }, null);
      else if (outcome.kind === 'enrol-required') onResult({ kind: 'enrol', email: email.trim() }, ENROL_NOTICE);
      else if (outcome.kind === 'change-required') {
        onResult(
          { kind: 'change', email: email.trim(), current: password },
          { kind: 'info', text: 'This account must choose a new password before it can be used.' },
        );
      } else {
        onResult(null, errorNotice(outcome.problem));
        setPassword('');
      }
    } catch {
      onResult(null, { kind: 'error', text: 'The gateway could not be reached.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
      <label htmlFor="signin-email">Email</label>
      <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="signin-password">Password</label>
      <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** An enrolment-only session: add the factor, keep the recovery codes, then sign in again with it. */
function EnrolStep({ email, onNotice, onDone }: { email: string; onNotice: (n: NoticeValue) => void; onDone: () => void }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const finish = () => {
    void signOut();
    onDone();
  };
  if (codes)
    return <ShownOnce label="Recovery codes" value={codes.join('  ')} note="Keep them somewhere safe, away from the device with the app." onDone={finish} />;
  return (
    <>
      <p>
        Signed in as <strong>{email}</strong>.
      </p>
      <EnrolPanel
        onEnrolled={async (recovery) => {
          if (recovery?.length) setCodes(recovery);
          else finish();
        }}
        onNotice={onNotice}
      />
      <PasskeyPanel
        onRegistered={async (_label, recovery) => {
          if (recovery?.length) setCodes(recovery);
          else finish();
        }}
        onNotice={onNotice}
      />
    </>
  );
}

function SecondFactorForm({
  step,
  onSignedIn,
  onNotice,
  onChangeRequired,
  onCancel,
}: {
  step: Extract<Step, { kind: 'second-factor' }>;
  onSignedIn: (me: Me) => void;
  onNotice: (n: NoticeValue) => void;
  onChangeRequired: () => void;
  onCancel: () => void;
}) {
  const hasTotp = step.methods.includes('totp');
  const hasPasskey = step.methods.includes('webauthn');
  // The code field asks for what the account has: the app's code, else a recovery code.
  const [type, setType] = useState<Exclude<MfaMethod, 'webauthn'>>(hasTotp ? 'totp' : 'recovery_code');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void finish(() => completeSecondFactor(step.mfaToken, type, code.trim()));
  };

  const finish = async (attempt: () => Promise<SignInOutcome>) => {
    setBusy(true);
    try {
      const outcome: SignInOutcome = await attempt();
      if (outcome.kind === 'signed-in') onSignedIn(outcome.me);
      else if (outcome.kind === 'change-required') onChangeRequired();
      else if (outcome.kind === 'failed') {
        // An expired or spent mfa_token needs the password again; a wrong code may be retried.
        if (outcome.problem.code === 'INVALID_TOKEN') onCancel();
        onNotice(errorNotice(outcome.problem));
        setCode('');
        field.current?.focus();
      }
    } catch {
      onNotice({ kind: 'error', text: 'The gateway could not be reached.' });
    } finally {
      setBusy(false);
    }
  };

  const recovery = type === 'recovery_code';
  return (
    <form onSubmit={submit} aria-label="Second factor">
      <p>
        Signed in as <strong>{step.email}</strong>. {hasPasskey ? 'Use your passkey, or enter ' : 'Enter '}
        {recovery ? 'one of your recovery codes; each works once.' : 'the 6-digit code your authenticator app shows now.'}
      </p>
      {hasPasskey ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void finish(() => completeWithPasskey(step.mfaToken))}>
            Use a passkey
          </button>
        </div>
      ) : null}
      <label htmlFor="mfa-code">{recovery ? 'Recovery code' : 'Authentication code'}</label>
      <input
        id="mfa-code"
        ref={field}
        type="text"
        inputMode={recovery ? 'text' : 'numeric'}
        autoComplete="one-time-code"
        pattern={recovery ? undefined : '[0-9]{6}'}
        maxLength={recovery ? 32 : 6}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className={hasPasskey ? undefined : 'primary'} disabled={busy}>
          {busy ? 'Checking…' : 'Verify and sign in'}
        </button>
        {step.methods.includes('recovery_code') && hasTotp ? (
          <button
            type="button"
            onClick={() => {
              setType(recovery ? 'totp' : 'recovery_code');
              setCode('');
              field.current?.focus();
            }}
          >
            {recovery ? 'Use the authenticator app' : 'Use a recovery code'}
          </button>
        ) : null}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ChangeForm({
  step,
  onSignedIn,
  onNotice,
  onSecondFactor,
  onCancel,
}: {
  step: Extract<Step, { kind: 'change' }>;
  onSignedIn: (me: Me) => void;
  onNotice: (n: NoticeValue) => void;
  onSecondFactor: (next: Step) => void;
  onCancel: () => void;
}) {
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [violations, setViolations] = useState<Violation[]>([]);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setViolations([]);
    if (next !== confirm) {
      setMismatch(true);
      field.current?.focus();
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const res = await changePassword(step.current, next);
      if (!res.ok) {
        if (res.problem.violations?.length) {
          setViolations(res.problem.violations);
          onNotice(null);
        } else onNotice(errorNotice(res.problem));
        field.current?.focus();
        return;
      }
      // The scoped session has done its job; a normal session starts with the new password.
      await signOut();
      const outcome = await signIn(step.email, next);
      if (outcome.kind === 'signed-in') onSignedIn(outcome.me);
      else if (outcome.kind === 'mfa-required') {
        onNotice({ kind: 'info', text: 'Password changed. Confirm it is you with your second factor.' });
        onSecondFactor({ kind: 'second-factor', email: step.email, current: next, mfaToken: outcome.mfaToken, methods: outcome.methods });
      } else if (outcome.kind === 'enrol-required') {
        onNotice(ENROL_NOTICE);
        onSecondFactor({ kind: 'enrol', email: step.email });
      } else
        onNotice(
          outcome.kind === 'failed' ? { kind: 'error', text: problemText(outcome.problem) } : { kind: 'error', text: 'The new password still needs changing.' },
        );
    } catch {
      onNotice({ kind: 'error', text: 'The gateway could not be reached.' });
    } finally {
      setBusy(false);
    }
  };

  const describedBy = [violations.length ? 'new-password-violations' : '', mismatch ? 'new-password-mismatch' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Choose a new password">
      <p>
        Signed in as <strong>{step.email}</strong>.
      </p>
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        ref={field}
        type="password"
        autoComplete="new-password"
        required
        value={next}
        aria-invalid={violations.length > 0 || mismatch}
        aria-describedby={describedBy}
        onChange={(e) => setNext(e.target.value)}
      />
      {violations.length ? (
        <div id="new-password-violations" role="alert" className="field-error">
          <p>The password policy refused this password:</p>
          <ul>
            {violations.map((v) => (
              <li key={v.rule} data-rule={v.rule}>
                {v.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <label htmlFor="confirm-password">Repeat the new password</label>
      <input id="confirm-password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      {mismatch ? (
        <p id="new-password-mismatch" role="alert" className="field-error">
          The two passwords differ.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password and sign in'}
        </button>
        <button
          type="button"
          onClick={() => {
            void signOut();
            onCancel();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
