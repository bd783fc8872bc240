import { GatewayError } from '../http/problem';
import { CorsOrigins } from './cors-origins';
import { expectedVersion, settingsEtag, toSettingsView } from './settings-view';

describe('settings view', () => {
  it('is keyed by setting name, with who changed it last', () => {
    const settings = {
      password_policy: 'seed' as const,
      cors_origins: [],
      access_token_ttl_seconds: 900,
      refresh_token_ttl_seconds: 86_400,
      session_idle_timeout_seconds: 604_800,
      session_max_lifetime_seconds: 2_592_000,
      mfa_required_roles: [],
    };
    expect(toSettingsView({ version: 2, settings, overrides: {}, updated_at: '2030-01-01T00:00:00.000Z', updated_by: { type: 'user', id: 'u1' } })).toEqual({
      ...settings,
      updated_at: '2030-01-01T00:00:00.000Z',
      updated_by: 'u1',
    });
  });

  it('reads If-Match: none or * is no precondition, our ETag is its version, anything else can never match', () => {
    expect(expectedVersion(undefined)).toBeUndefined();
    expect(expectedVersion('*')).toBeUndefined();
    expect(expectedVersion(settingsEtag(7))).toBe(7);
    for (const bad of ['7', 'W/"7"', '"7", "8"', '"abc"', '"1234567890123"']) expect(() => expectedVersion(bad)).toThrow(GatewayError);
  });
});

describe(CorsOrigins.name, () => {
  function setup(override?: string[], loaded = true) {
    return new CorsOrigins({ override: () => override as never, loaded: () => loaded }, ['https://env.example.com']);
  }

  it('allows the environment origins until an admin sets the list, then only the admin’s', () => {
    expect(setup().allows('https://env.example.com')).toBe(true);
    const changed = setup(['https://new.example.com']);
    expect(changed.allows('https://new.example.com')).toBe(true);
    expect(changed.allows('https://env.example.com')).toBe(false);
    expect(setup([]).allows('https://env.example.com')).toBe(false);
  });

  it('allows nothing before the settings are loaded, nor a request without Origin', () => {
    expect(setup(undefined, false).allows('https://env.example.com')).toBe(false);
    expect(setup().allows(undefined)).toBe(false);
  });

  it('answers @fastify/cors per request', () => {
    const done = jest.fn();
    setup(['https://new.example.com']).delegate('https://new.example.com', done);
    expect(done).toHaveBeenCalledWith(null, true);
  });
});
