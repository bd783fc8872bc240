/**
 * Runtime settings (GET/PUT /admin/settings, docs/runtime-settings.md): the current values and who
 * changed them last, and a form that sends only the changed keys with If-Match, so a save never
 * overwrites another admin's change made since the page loaded. Each save shows the before and after
 * of every key it changed, as the audited ConfigurationChanged event records them. With an "as of"
 * instant the page shows the settings as they were then, read-only, with the record behind each.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/session';
import { PASSWORD_POLICIES, type Me, type Problem, type SettingKey, type SettingsView } from '../api/types';
import { AsOfControl, useAsOf } from '../components/as-of-control';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { problemText } from '../format';
import { SETTING_LABELS, changedKeys, diffSettings, keyNamedIn, toDraft, type SettingChange, type SettingsDraft } from './settings-changes';
import { SettingsAsOf } from './settings-as-of';
import { ChangesTable, CurrentSettings } from './settings-panels';

interface Loaded {
  view: SettingsView;
  /** ETag of the GET or PUT that returned `view`, sent back as If-Match. */
  etag: string | null;
}

interface FieldError {
  key: SettingKey;
  message: string;
}

export function SettingsPage({ me }: { me: Me }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [stale, setStale] = useState(false);
  const [changes, setChanges] = useState<SettingChange[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const asOf = useAsOf();

  const adopt = (view: SettingsView, etag: string | null) => {
    setLoaded({ view, etag });
    setDraft(toDraft(view));
    setFieldError(null);
    setStale(false);
  };

  const load = useCallback(async (announce: boolean) => {
    const res = await api<SettingsView>('GET', '/admin/settings');
    if (!res.ok) return setNotice(errorNotice(res.problem));
    adopt(res.data, res.etag);
    setChanges([]);
    setNotice(announce ? { kind: 'info', text: 'Reloaded: the form shows the current settings.' } : null);
  }, []);
  useEffect(() => {
    void load(false);
  }, [load]);

  // The field named by an error takes the focus, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (fieldError) form.current?.querySelector<HTMLElement>(`#${fieldId(fieldError.key)}`)?.focus();
  }, [fieldError]);

  const refused = (problem: Problem, status: number) => {
    if (status === 412) {
      setStale(true);
      return setNotice({
        kind: 'error',
        text: 'The settings were changed by someone else since this page loaded them; nothing was saved. Reload to see the current values, then make your change again.',
      });
    }
    const key = status === 400 ? keyNamedIn(problem.detail) : undefined;
    if (key) {
      setNotice(null);
      return setFieldError({ key, message: problemText(problem) });
    }
    setNotice(errorNotice(problem));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!loaded || !draft) return;
    setFieldError(null);
    const patch = changedKeys(loaded.view, draft);
    if (!patch.ok) return setFieldError({ key: patch.key, message: patch.message });
    if (Object.keys(patch.patch).length === 0) return setNotice({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    setBusy(true);
    try {
      const res = await api<SettingsView>('PUT', '/admin/settings', patch.patch, loaded.etag ? { 'if-match': loaded.etag } : undefined);
      if (!res.ok) return refused(res.problem, res.status);
      const changed = diffSettings(loaded.view, res.data);
      adopt(res.data, res.etag);
      setChanges(changed);
      setNotice({
        kind: 'ok',
        text: changed.length
          ? `Saved ${changed.length} ${changed.length === 1 ? 'change' : 'changes'}; every replica applies them without a restart.`
          : 'Saved: the values were already in effect, nothing changed.',
      });
    } finally {
      setBusy(false);
    }
  };

  const edit = (key: SettingKey, value: string) => {
    setDraft((d) => (d ? { ...d, [key]: value } : d));
    if (fieldError?.key === key) setFieldError(null);
  };

  return (
    <Page title="Settings" intro="Runtime settings take effect on every replica without a restart; each change is an audited ConfigurationChanged event.">
      <Notice value={notice} />
      <AsOfControl id="settings-as-of-instant" state={asOf} what="settings" />
      {asOf.asOf ? (
        <SettingsAsOf asOf={asOf.asOf} />
      ) : (
        <>
          {stale ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void load(true)}>
                Reload the settings
              </button>
            </div>
          ) : null}
          {changes.length ? <ChangesTable changes={changes} /> : null}
          {loaded ? <CurrentSettings view={loaded.view} me={me} /> : null}
          {loaded && draft ? (
            <form ref={form} onSubmit={(e) => void submit(e)} aria-labelledby="settings-form-heading" className="panel" noValidate>
              <h2 id="settings-form-heading">Change settings</h2>
              <p className="muted">Only the values you change are sent.</p>
              <Field k="password_policy" error={fieldError} hint="Applies to every new or changed password and to the lockout rules.">
                <select
                  id={fieldId('password_policy')}
                  value={draft.password_policy}
                  onChange={(e) => edit('password_policy', e.target.value)}
                  {...invalid('password_policy', fieldError)}
                >
                  {[...new Set([...PASSWORD_POLICIES, loaded.view.password_policy])].map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                k="cors_origins"
                error={fieldError}
                hint="One origin a line, such as https://app.example.com: scheme, host and port only (no path, not even /, no wildcard). Empty allows no browser origin."
              >
                <textarea
                  id={fieldId('cors_origins')}
                  rows={4}
                  value={draft.cors_origins}
                  spellCheck={false}
                  onChange={(e) => edit('cors_origins', e.target.value)}
                  {...invalid('cors_origins', fieldError)}
                />
              </Field>
              <Field k="access_token_ttl_seconds" error={fieldError} hint="In seconds, 60 to 86400 (1 day); applies to tokens issued from now on.">
                <input
                  id={fieldId('access_token_ttl_seconds')}
                  type="number"
                  inputMode="numeric"
                  min={60}
                  max={86_400}
                  step={1}
                  value={draft.access_token_ttl_seconds}
                  onChange={(e) => edit('access_token_ttl_seconds', e.target.value)}
                  {...invalid('access_token_ttl_seconds', fieldError)}
                />
              </Field>
              <Field k="refresh_token_ttl_seconds" error={fieldError} hint="In seconds, 3600 (1 hour) to 31536000 (365 days); applies to sign-ins from now on.">
                <input
                  id={fieldId('refresh_token_ttl_seconds')}
                  type="number"
                  inputMode="numeric"
                  min={3_600}
                  max={31_536_000}
                  step={1}
                  value={draft.refresh_token_ttl_seconds}
                  onChange={(e) => edit('refresh_token_ttl_seconds', e.target.value)}
                  {...invalid('refresh_token_ttl_seconds', fieldError)}
                />
              </Field>
              <Field
                k="session_idle_timeout_seconds"
                error={fieldError}
                hint="In seconds, 10 to 31536000 (365 days); a session not refreshed for this long ends, running sessions included."
              >
                <input
                  id={fieldId('session_idle_timeout_seconds')}
                  type="number"
                  inputMode="numeric"
                  min={10}
                  max={31_536_000}
                  step={1}
                  value={draft.session_idle_timeout_seconds}
                  onChange={(e) => edit('session_idle_timeout_seconds', e.target.value)}
                  {...invalid('session_idle_timeout_seconds', fieldError)}
                />
              </Field>
              <Field
                k="session_max_lifetime_seconds"
                error={fieldError}
                hint="In seconds, 300 (5 min) to 31536000 (365 days); no session outlives this from its sign-in, running sessions included."
              >
                <input
                  id={fieldId('session_max_lifetime_seconds')}
                  type="number"
                  inputMode="numeric"
                  min={300}
                  max={31_536_000}
                  step={1}
                  value={draft.session_max_lifetime_seconds}
                  onChange={(e) => edit('session_max_lifetime_seconds', e.target.value)}
                  {...invalid('session_max_lifetime_seconds', fieldError)}
                />
              </Field>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy || stale}>
                  Save settings
                </button>
                <button type="button" disabled={busy} onClick={() => void load(true)}>
                  Discard and reload
                </button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </Page>
  );
}

const fieldId = (key: SettingKey) => `settings-${key.replace(/_/g, '-')}`;

const invalid = (key: SettingKey, error: FieldError | null) => {
  const describedBy = [`${fieldId(key)}-hint`];
  if (error?.key === key) describedBy.unshift(`${fieldId(key)}-error`);
  return { 'aria-invalid': error?.key === key ? true : undefined, 'aria-describedby': describedBy.join(' ') };
};

/** A labelled field with its hint and, after a refused save, the server's problem detail. */
function Field({ k, error, hint, children }: { k: SettingKey; error: FieldError | null; hint: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={fieldId(k)}>{SETTING_LABELS[k]}</label>
      {children}
      <p id={`${fieldId(k)}-hint`} className="muted">
        {hint}
      </p>
      {error?.key === k ? (
        <p id={`${fieldId(k)}-error`} className="field-error" role="alert" data-testid="settings-field-error">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
