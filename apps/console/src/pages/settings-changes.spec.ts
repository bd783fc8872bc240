import { describe, expect, it } from '@jest/globals';
import type { SettingsView } from '../api/types';
import { changedKeys, diffSettings, formatSeconds, keyNamedIn, toDraft } from './settings-changes';

const view: SettingsView = {
  password_policy: 'seed',
  cors_origins: ['https://a.example.com'],
  access_token_ttl_seconds: 900,
  refresh_token_ttl_seconds: 604_800,
  session_idle_timeout_seconds: 604_800,
  session_max_lifetime_seconds: 2_592_000,
  mfa_required_roles: [],
  updated_at: null,
  updated_by: null,
};

describe('settings page helpers', () => {
  it('sends only the keys the form changed', () => {
    expect(changedKeys(view, toDraft(view))).toEqual({ ok: true, patch: {} });
    const draft = { ...toDraft(view), password_policy: 'pci-dss-4', cors_origins: 'https://a.example.com\n\nhttps://b.example.com:8443, ' };
    expect(changedKeys(view, draft)).toEqual({
      ok: true,
      patch: { password_policy: 'pci-dss-4', cors_origins: ['https://a.example.com', 'https://b.example.com:8443'] },
    });
    expect(changedKeys(view, { ...toDraft(view), access_token_ttl_seconds: ' 600 ' })).toEqual({ ok: true, patch: { access_token_ttl_seconds: 600 } });
    expect(changedKeys(view, { ...toDraft(view), session_idle_timeout_seconds: '1800' })).toEqual({ ok: true, patch: { session_idle_timeout_seconds: 1_800 } });
    expect(changedKeys(view, { ...toDraft(view), session_max_lifetime_seconds: 'x' })).toMatchObject({ ok: false, key: 'session_max_lifetime_seconds' });
  });

  it('stops a lifetime that is not a whole number before sending', () => {
    for (const bad of ['', '1.5', '-60', '1e3'])
      expect(changedKeys(view, { ...toDraft(view), refresh_token_ttl_seconds: bad })).toMatchObject({ ok: false, key: 'refresh_token_ttl_seconds' });
  });

  it('lists the before and after of each changed key only, never the change metadata', () => {
    const after: SettingsView = { ...view, cors_origins: [], access_token_ttl_seconds: 600, updated_at: '2026-11-28T05:00:00Z', updated_by: 'u1' };
    expect(diffSettings(view, after)).toEqual([
      { key: 'cors_origins', before: 'https://a.example.com', after: '(none)' },
      { key: 'access_token_ttl_seconds', before: '900 s (15 min)', after: '600 s (10 min)' },
    ]);
  });

  it('formats lifetimes and finds the key a problem detail names', () => {
    expect([60, 90, 3_600, 604_800, 45].map(formatSeconds)).toEqual(['60 s (1 min)', '90 s (1.5 min)', '3600 s (1 h)', '604800 s (7 d)', '45 s']);
    expect(keyNamedIn('cors_origins/0 must match pattern')).toBe('cors_origins');
    expect(keyNamedIn(undefined)).toBeUndefined();
  });
});
