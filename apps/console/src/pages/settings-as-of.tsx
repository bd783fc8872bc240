/**
 * The runtime settings as of a past instant, read-only: each value then and the audit record of the
 * change that set it; a key no recorded change had touched shows its environment value (no evidence).
 */
import { useEffect, useState } from 'react';
import { api } from '../api/session';
import type { AsOfPage, SettingAsOf } from '../api/types';
import { EvidenceLink } from '../components/evidence-link';
import { Notice, errorNotice, type NoticeValue } from '../components/notice';
import { TableRegion } from '../components/table-region';
import { formatDate } from '../format';
import { SETTING_LABELS } from './settings-changes';

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const labelOf = (key: string): string => (SETTING_LABELS as Record<string, string>)[key] ?? key;

export function SettingsAsOf({ asOf }: { asOf: string }) {
  const [answer, setAnswer] = useState<AsOfPage<SettingAsOf> | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);
  useEffect(() => {
    let current = true;
    void api<AsOfPage<SettingAsOf>>('GET', `/admin/settings?${new URLSearchParams({ as_of: asOf })}`).then((res) => {
      if (!current) return;
      setAnswer(res.ok ? res.data : null);
      setNotice(res.ok ? null : errorNotice(res.problem));
    });
    return () => {
      current = false;
    };
  }, [asOf]);
  return (
    <>
      <Notice value={notice} />
      <h2 id="settings-as-of">Settings as of {formatDate(answer?.as_of ?? asOf)}</h2>
      <TableRegion label="Settings as of the chosen instant">
        <table aria-labelledby="settings-as-of" data-testid="settings-as-of">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value then</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {answer?.items.map((s) => (
              <tr key={s.key} data-key={s.key}>
                <th scope="row">{labelOf(s.key)}</th>
                <td data-testid="setting-value">{shown(s.value)}</td>
                <td>
                  <EvidenceLink evidence={s.evidence} of={labelOf(s.key)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
