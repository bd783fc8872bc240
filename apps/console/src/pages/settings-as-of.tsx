/**
 * The runtime settings as of a past instant, read-only: each value then and the audit record of the
 * change that set it; a key no recorded change had touched shows its environment value (no evidence).
 */
import type { SettingAsOf } from '../api/types';
import { useAsOfAnswer } from '../components/as-of-answer';
import { AsOfTable } from '../components/as-of-table';
import { EvidenceLink } from '../components/evidence-link';
import { formatDate } from '../format';
import { SETTING_LABELS } from './settings-changes';

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const labelOf = (key: string): string => (SETTING_LABELS as Record<string, string>)[key] ?? key;

export function SettingsAsOf({ asOf }: { asOf: string }) {
  const { answer, notice } = useAsOfAnswer<SettingAsOf>('/admin/settings', asOf);
  return (
    <AsOfTable
      id="settings-as-of"
      title={`Settings as of ${formatDate(answer?.as_of ?? asOf)}`}
      region="Settings as of the chosen instant"
      notice={notice}
      heads={
        <>
          <th scope="col">Setting</th>
          <th scope="col">Value then</th>
          <th scope="col">Evidence</th>
        </>
      }
    >
      {answer?.items.map((s) => (
        <tr key={s.key} data-key={s.key}>
          <th scope="row">{labelOf(s.key)}</th>
          <td data-testid="setting-value">{shown(s.value)}</td>
          <td>
            <EvidenceLink evidence={s.evidence} of={labelOf(s.key)} />
          </td>
        </tr>
      ))}
    </AsOfTable>
  );
}
