import { createEvent, type EventEnvelope, type RuntimeSettings } from '@tr4ction/contracts';
import { foldSettings } from './settings.state';

const TRACE = { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) };

const defaults: RuntimeSettings = {
  password_policy: 'seed',
  cors_origins: [],
  access_token_ttl_seconds: 900,
  refresh_token_ttl_seconds: 86_400,
  session_idle_timeout_seconds: 604_800,
  session_max_lifetime_seconds: 2_592_000,
  mfa_required_roles: [],
};

function changed(changes: Array<{ key: string; before: unknown; after: unknown }>, actorId: string, at: string): EventEnvelope {
  return createEvent({
    type: 'ConfigurationChanged',
    actor: { type: 'user', id: actorId },
    subject: { type: 'configuration', id: 'settings' },
    source: { service: 'user-service' },
    trace: TRACE,
    data: { changes },
    occurredAt: new Date(at),
  });
}

describe(foldSettings.name, () => {
  it('applies every change in stream order over the defaults and remembers who changed them last', () => {
    const state = foldSettings(defaults, [
      { version: 1, envelope: changed([{ key: 'password_policy', before: 'seed', after: 'pci-dss-4' }], 'a', '2030-01-01T00:00:00Z') },
      {
        version: 2,
        envelope: changed(
          [
            { key: 'password_policy', before: 'pci-dss-4', after: 'nist-800-63b-4' },
            { key: 'cors_origins', before: [], after: ['https://x.example.com'] },
          ],
          'b',
          '2030-01-02T00:00:00Z',
        ),
      },
    ]);
    expect(state).toEqual({
      version: 2,
      settings: { ...defaults, password_policy: 'nist-800-63b-4', cors_origins: ['https://x.example.com'] },
      overrides: { password_policy: 'nist-800-63b-4', cors_origins: ['https://x.example.com'] },
      updated_at: '2030-01-02T00:00:00.000Z',
      updated_by: { type: 'user', id: 'b' },
    });
  });

  it('is the defaults at version 0 for an empty stream', () => {
    expect(foldSettings(defaults, [])).toEqual({ version: 0, settings: defaults, overrides: {}, updated_at: null, updated_by: null });
  });
});
