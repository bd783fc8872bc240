/**
 * Runtime settings (GET/PUT /admin/settings): password policy profile and CORS origins. Each change
 * is shown with its before and after values, as the ConfigurationChanged event records them.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/session';
import type { Settings } from '../api/types';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { Page } from '../components/page';
import { TableRegion } from '../components/table-region';

const POLICIES = ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const;

interface Change {
  key: string;
  before: string;
  after: string;
}

const show = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.join(', ') : '(none)') : v === undefined || v === null || v === '' ? '(none)' : String(v));

function diff(before: Settings, after: Settings): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => ({ key: k, before: show(before[k]), after: show(after[k]) }));
}

export function SettingsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [missing, setMissing] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [policy, setPolicy] = useState('');
  const [origins, setOrigins] = useState('');
  const [changes, setChanges] = useState<Change[]>([]);
  const [busy, setBusy] = useState(false);

  const adopt = (s: Settings) => {
    setSettings(s);
    setPolicy(s.password_policy ?? '');
    setOrigins((s.cors_origins ?? []).join('\n'));
  };

  const load = useCallback(async () => {
    const res = await api<Settings>('GET', '/admin/settings');
    if (res.ok) adopt(res.data);
    else if (res.status === 404) setMissing(true);
    else setNotice(errorNotice(res.problem));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings) return;
    const patch: Settings = {};
    const nextOrigins = origins.split(/[\s,]+/).filter(Boolean);
    if (policy && policy !== settings.password_policy) patch.password_policy = policy;
    if (JSON.stringify(nextOrigins) !== JSON.stringify(settings.cors_origins ?? [])) patch.cors_origins = nextOrigins;
    if (Object.keys(patch).length === 0) return setNotice({ kind: 'info', text: 'Nothing changed.' });
    setBusy(true);
    try {
      const res = await api<Settings>('PUT', '/admin/settings', patch);
      if (!res.ok) return setNotice(errorNotice(res.problem));
      setChanges(diff(settings, res.data));
      adopt(res.data);
      setNotice({ kind: 'ok', text: 'Saved. Every replica applies the new settings without a restart.' });
    } finally {
      setBusy(false);
    }
  };

  if (missing)
    return (
      <Page title="Settings">
        <div role="status" className="notice notice-info">
          This gateway does not offer runtime settings yet (GET /admin/settings answered 404). Until it does, set <code>PASSWORD_POLICY</code> and <code>CORS_ORIGINS</code> in the services' environment.
        </div>
      </Page>
    );

  return (
    <Page title="Settings" intro="Runtime settings take effect on every replica without a restart; each change is an audited ConfigurationChanged event.">
      <Notice value={notice} />
      {changes.length ? (
        <section aria-labelledby="changes-heading" className="panel">
          <h2 id="changes-heading">Last change</h2>
          <TableRegion label="Last change">
            <table>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{c.key}</th>
                    <td>{c.before}</td>
                    <td>{c.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </section>
      ) : null}
      {settings ? (
        <form onSubmit={(e) => void submit(e)} aria-label="Settings" className="panel">
          <label htmlFor="settings-policy">Password policy profile</label>
          <select id="settings-policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
            {[...new Set([...POLICIES, ...(settings.password_policy ? [settings.password_policy] : [])])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <label htmlFor="settings-origins">Allowed browser origins (CORS), one per line</label>
          <textarea id="settings-origins" rows={4} value={origins} aria-describedby="settings-origins-hint" onChange={(e) => setOrigins(e.target.value)} />
          <p id="settings-origins-hint" className="muted">
            Full origins such as <code>https://app.example.com</code>; no wildcard.
          </p>
          <button type="submit" className="primary" disabled={busy}>
            Save settings
          </button>
        </form>
      ) : null}
      {settings ? <OtherSettings settings={settings} /> : null}
    </Page>
  );
}

/** Keys the form does not edit, shown read-only so nothing is hidden. */
function OtherSettings({ settings }: { settings: Settings }) {
  const rest = Object.entries(settings).filter(([k]) => k !== 'password_policy' && k !== 'cors_origins');
  if (!rest.length) return null;
  return (
    <section aria-labelledby="other-settings" className="panel">
      <h2 id="other-settings">Other settings</h2>
      <dl className="kv">
        {rest.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : show(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
