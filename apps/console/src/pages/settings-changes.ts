/** Pure helpers of the settings page: the form's draft, the PUT patch of changed keys, and each change's before and after. */
import { SETTING_KEYS, type RuntimeSettings, type SettingKey, type SettingsView } from '../api/types';

/** The form's values as typed (numbers stay text until sent, so a half-typed value is not lost). */
export interface SettingsDraft {
  password_policy: string;
  cors_origins: string;
  access_token_ttl_seconds: string;
  refresh_token_ttl_seconds: string;
  session_idle_timeout_seconds: string;
  session_max_lifetime_seconds: string;
}

export interface SettingChange {
  key: SettingKey;
  before: string;
  after: string;
}

export const SETTING_LABELS: Record<SettingKey, string> = {
  password_policy: 'Password policy profile',
  cors_origins: 'Allowed browser origins (CORS)',
  access_token_ttl_seconds: 'Access-token lifetime',
  refresh_token_ttl_seconds: 'Refresh-token lifetime',
  session_idle_timeout_seconds: 'Session idle timeout',
  session_max_lifetime_seconds: 'Session maximum lifetime',
};

export function toDraft(s: RuntimeSettings): SettingsDraft {
  return {
    password_policy: s.password_policy,
    cors_origins: s.cors_origins.join('\n'),
    access_token_ttl_seconds: String(s.access_token_ttl_seconds),
    refresh_token_ttl_seconds: String(s.refresh_token_ttl_seconds),
    session_idle_timeout_seconds: String(s.session_idle_timeout_seconds),
    session_max_lifetime_seconds: String(s.session_max_lifetime_seconds),
  };
}

/** One origin a line; commas and blanks also separate, empty lines are dropped. */
export const parseOrigins = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

export type PatchResult = { ok: true; patch: Partial<RuntimeSettings> } | { ok: false; key: SettingKey; message: string };

/** The keys whose value differs from the current settings; a lifetime that is not a whole number stops here. */
export function changedKeys(current: RuntimeSettings, draft: SettingsDraft): PatchResult {
  const patch: Partial<RuntimeSettings> = {};
  // The form offers only PASSWORD_POLICIES; the gateway refuses anything else with a problem naming the key.
  if (draft.password_policy !== current.password_policy) patch.password_policy = draft.password_policy as RuntimeSettings['password_policy'];
  const origins = parseOrigins(draft.cors_origins);
  if (JSON.stringify(origins) !== JSON.stringify(current.cors_origins)) patch.cors_origins = origins;
  for (const key of ['access_token_ttl_seconds', 'refresh_token_ttl_seconds', 'session_idle_timeout_seconds', 'session_max_lifetime_seconds'] as const) {
    const text = draft[key].trim();
    if (!/^\d{1,10}$/.test(text)) return { ok: false, key, message: `${SETTING_LABELS[key]} must be a whole number of seconds.` };
    if (Number(text) !== current[key]) patch[key] = Number(text);
  }
  return { ok: true, patch };
}

/** "900 s (15 min)": seconds as the API takes them, with a reading aid. */
export function formatSeconds(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
  ];
  const unit = units.find(([size]) => seconds >= size && seconds % size === 0) ?? units.find(([size]) => seconds >= size);
  if (!unit) return `${seconds} s`;
  const amount = Math.round((seconds / unit[0]) * 10) / 10;
  return `${seconds} s (${amount} ${unit[1]})`;
}

export function formatSetting(key: SettingKey, s: RuntimeSettings): string {
  if (key === 'cors_origins') return s.cors_origins.length ? s.cors_origins.join(', ') : '(none)';
  if (key === 'password_policy') return s.password_policy;
  return formatSeconds(s[key]);
}

/** Before and after of each key the save changed, as the ConfigurationChanged event records them. */
export function diffSettings(before: SettingsView, after: SettingsView): SettingChange[] {
  return SETTING_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((key) => ({
    key,
    before: formatSetting(key, before),
    after: formatSetting(key, after),
  }));
}

/** The key a 400 problem's detail names (the gateway names the key), to show the error at its field. */
export function keyNamedIn(detail: string | undefined): SettingKey | undefined {
  return SETTING_KEYS.find((k) => detail?.includes(k));
}
