import { applySettingChanges, canonicalOrigin, diffSettings, RUNTIME_SETTING_KEYS, validateSettingsPatch, type RuntimeSettings } from './runtime-settings';

const current: RuntimeSettings = {
  password_policy: 'seed',
  cors_origins: ['https://a.example.com'],
  access_token_ttl_seconds: 900,
  refresh_token_ttl_seconds: 2_592_000,
  session_idle_timeout_seconds: 604_800,
  session_max_lifetime_seconds: 2_592_000,
  mfa_required_roles: [],
};

describe('runtime settings', () => {
  describe(validateSettingsPatch.name, () => {
    it('accepts every key within bounds and returns it in canonical form', () => {
      const { problems, patch } = validateSettingsPatch({
        password_policy: 'pci-dss-4',
        cors_origins: ['https://App.Example.com', 'https://app.example.com', 'http://localhost:5173', 'https://[::1]:8443', 'https://x.example.com:443'],
        access_token_ttl_seconds: 60,
        refresh_token_ttl_seconds: 31_536_000,
        mfa_required_roles: ['auditor', 'admin', 'admin'],
      });
      expect(problems).toEqual([]);
      expect(patch).toEqual({
        password_policy: 'pci-dss-4',
        cors_origins: ['https://app.example.com', 'http://localhost:5173', 'https://[::1]:8443', 'https://x.example.com'],
        access_token_ttl_seconds: 60,
        refresh_token_ttl_seconds: 31_536_000,
        mfa_required_roles: ['admin', 'auditor'],
      });
    });

    it('accepts an empty object (nothing to change) and an empty origin list (no browser origin)', () => {
      expect(validateSettingsPatch({})).toEqual({ problems: [], patch: {} });
      expect(validateSettingsPatch({ cors_origins: [] })).toEqual({ problems: [], patch: { cors_origins: [] } });
    });

    it.each([
      [{ password_policy: 'lenient' }, 'password_policy'],
      [{ password_policy: null }, 'password_policy'],
      [{ cors_origins: 'https://a.example.com' }, 'cors_origins'],
      [{ cors_origins: ['*'] }, 'cors_origins.0'],
      [{ cors_origins: ['https://ok.example.com', 'https://*.example.com'] }, 'cors_origins.1'],
      [{ cors_origins: ['https://a.example.com/'] }, 'cors_origins.0'],
      [{ cors_origins: ['https://a.example.com/app'] }, 'cors_origins.0'],
      [{ cors_origins: ['https://a.example.com?x=1'] }, 'cors_origins.0'],
      [{ cors_origins: ['https://u:p@a.example.com'] }, 'cors_origins.0'],
      [{ cors_origins: ['ftp://a.example.com'] }, 'cors_origins.0'],
      [{ cors_origins: ['null'] }, 'cors_origins.0'],
      [{ cors_origins: ['https://a.example.com:99999'] }, 'cors_origins.0'],
      [{ cors_origins: [42] }, 'cors_origins.0'],
      [{ cors_origins: Array.from({ length: 51 }, (_, i) => `https://h${i}.example.com`) }, 'cors_origins'],
      [{ access_token_ttl_seconds: 59 }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: 86_401 }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: 900.5 }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: '900' }, 'access_token_ttl_seconds'],
      [{ refresh_token_ttl_seconds: 3_599 }, 'refresh_token_ttl_seconds'],
      [{ jwt_secret_key: 'x' }, 'jwt_secret_key'],
      [{ mfa_required_roles: 'root' }, 'mfa_required_roles'],
      [{ mfa_required_roles: ['superuser'] }, 'mfa_required_roles'],
      [{ mfa_required_roles: [null] }, 'mfa_required_roles'],
    ])('refuses %j, naming %s and never the value', (input, key) => {
      const { problems, patch } = validateSettingsPatch(input);
      expect(problems).toHaveLength(1);
      expect(problems[0].startsWith(key)).toBe(true);
      expect(patch).not.toHaveProperty(key.split('.')[0]);
      for (const value of Object.values(input).flat()) if (typeof value === 'string' && value.length > 3) expect(problems[0]).not.toContain(value);
    });

    it('lists every problem at once', () => {
      expect(validateSettingsPatch({ password_policy: 'x', access_token_ttl_seconds: 1, colour: 'blue' }).problems).toHaveLength(3);
    });

    it('refuses a body that is not an object', () => {
      for (const input of [null, [], 'seed', 3]) expect(validateSettingsPatch(input).problems).toEqual(['settings must be an object']);
    });
  });

  describe(diffSettings.name, () => {
    it('lists only the keys whose value changes, with before and after', () => {
      expect(
        diffSettings(current, {
          password_policy: 'nist-800-63b-4',
          access_token_ttl_seconds: 900,
          cors_origins: ['https://a.example.com', 'https://b.example.com'],
        }),
      ).toEqual([
        { key: 'password_policy', before: 'seed', after: 'nist-800-63b-4' },
        { key: 'cors_origins', before: ['https://a.example.com'], after: ['https://a.example.com', 'https://b.example.com'] },
      ]);
    });

    it('is empty when nothing changes (a no-op PUT records nothing)', () => {
      expect(diffSettings(current, {})).toEqual([]);
      expect(diffSettings(current, { ...current, cors_origins: [...current.cors_origins] })).toEqual([]);
    });

    it('sees a reordering of origins as a change (the admin asked for that list)', () => {
      const two = { ...current, cors_origins: ['https://a.example.com', 'https://b.example.com'] };
      expect(diffSettings(two, { cors_origins: ['https://b.example.com', 'https://a.example.com'] })).toHaveLength(1);
    });
  });

  describe(applySettingChanges.name, () => {
    it('applies the after values of known keys and ignores unknown ones', () => {
      expect(
        applySettingChanges(current, [
          { key: 'access_token_ttl_seconds', after: 600 },
          { key: 'unknown', after: 1 },
        ]),
      ).toEqual({ ...current, access_token_ttl_seconds: 600 });
      expect(applySettingChanges({}, [{ key: 'password_policy', after: 'pci-dss-4' }])).toEqual({ password_policy: 'pci-dss-4' });
    });
  });

  it('canonicalOrigin returns what a browser sends in Origin', () => {
    expect(canonicalOrigin('https://EXAMPLE.com:443')).toBe('https://example.com');
    expect(canonicalOrigin('http://example.com:8080')).toBe('http://example.com:8080');
    expect(canonicalOrigin('https://example.com/')).toBeUndefined();
    expect(canonicalOrigin('HTTPS://example.com')).toBeUndefined();
  });

  it('has one key list', () => {
    expect(RUNTIME_SETTING_KEYS).toEqual([
      'password_policy',
      'cors_origins',
      'access_token_ttl_seconds',
      'refresh_token_ttl_seconds',
      'session_idle_timeout_seconds',
      'session_max_lifetime_seconds',
      'mfa_required_roles',
    ]);
  });
});
