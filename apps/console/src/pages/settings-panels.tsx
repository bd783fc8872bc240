/** Read-only panels of the settings page: the settings in effect, and what the last save changed. */
import { SETTING_KEYS, type Me, type SettingsView } from '../api/types';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { SETTING_LABELS, formatSetting, type SettingChange } from './settings-changes';

export function CurrentSettings({ view, me }: { view: SettingsView; me: Me }) {
  const by = view.updated_by === me.id ? `you (${me.email})` : <span className="id">{view.updated_by}</span>;
  return (
    <section aria-labelledby="current-settings" className="panel">
      <h2 id="current-settings">In effect now</h2>
      <dl className="settings-current" data-testid="current-settings">
        {SETTING_KEYS.map((k) => (
          <div key={k} data-key={k}>
            <dt>{SETTING_LABELS[k]}</dt>
            <dd>{formatSetting(k, view)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted" data-testid="settings-updated">
        {view.updated_at ? (
          <>
            Last changed {formatDate(view.updated_at)} by {by}.
          </>
        ) : (
          'No admin has changed them yet: every value is the services’ environment default.'
        )}
      </p>
    </section>
  );
}

export function ChangesTable({ changes }: { changes: SettingChange[] }) {
  return (
    <section aria-labelledby="changes-heading" className="panel">
      <h2 id="changes-heading">What the save changed</h2>
      <TableRegion label="What the save changed">
        <table className="settings-changes" data-testid="settings-changes">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.key} data-key={c.key}>
                <th scope="row">{SETTING_LABELS[c.key]}</th>
                <td>{c.before}</td>
                <td>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
