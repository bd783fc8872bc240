import { REDACTED, looksSecretMember, looksSecretValue, redactData } from './redact-data.util';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const ARGON2 = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
const PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n';
const CHAIN_HASH = 'ab'.repeat(32);

describe(redactData.name, () => {
  it('masks secret-named members at any depth, inside arrays too', () => {
    const data = {
      user: { email_domain: 'example.com', password: 'hunter2', profile: { apiKey: 'k-123', name: 'Ada' } },
      headers: [{ Authorization: 'Basic abc' }, { 'set-cookie': 'sid=1' }, { accept: 'json' }],
      client_secret: 's3cret',
      refresh_token: 'opaque',
      private_key: 'raw',
      password_hash: 'whatever',
      credentials: { user: 'a', pass: 'b' },
    };
    expect(redactData(data)).toEqual({
      user: { email_domain: 'example.com', password: REDACTED, profile: { apiKey: REDACTED, name: 'Ada' } },
      headers: [{ Authorization: REDACTED }, { 'set-cookie': REDACTED }, { accept: 'json' }],
      client_secret: REDACTED,
      refresh_token: REDACTED,
      private_key: REDACTED,
      password_hash: REDACTED,
      credentials: REDACTED,
    });
  });

  it('masks JWT-looking, PEM and password-hash values under innocent keys and inside arrays and text', () => {
    const data = {
      note: JWT,
      header: `Bearer ${JWT}`,
      list: ['fine', JWT, { deeper: ARGON2 }],
      key_material: PEM,
      legacy: '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    };
    expect(redactData(data)).toEqual({
      note: REDACTED,
      header: REDACTED,
      list: ['fine', REDACTED, { deeper: REDACTED }],
      key_material: REDACTED,
      legacy: REDACTED,
    });
  });

  it('keeps the catalogue data that only names secrets', () => {
    const data = {
      password_change_required: true,
      must_change_password: false,
      rehashed: true,
      jti: '0190a0c0-0000-7000-8000-000000000001',
      kid: 'k1',
      token_type: 'Bearer',
      family_id: 'f1',
      password_expires_at: '2025-04-01T00:00:00.000Z',
      access_token_ttl_seconds: 900,
      password_policy: { min_length: 12, history: 5 },
      sha256: 'cd'.repeat(32),
      fingerprint: 'SHA256:abc',
    };
    expect(redactData(data)).toEqual(data);
  });

  it('keeps the public hash and signature of AuditCheckpointSigned, but not any other hash', () => {
    const checkpoint = { seq: 30, hash: CHAIN_HASH, key_id: '0123456789abcdef', signature: 'c2lnbmF0dXJl' };
    expect(redactData(checkpoint)).toEqual(checkpoint);
    expect(redactData({ hash: 'not-a-digest' })).toEqual({ hash: REDACTED });
    expect(redactData({ hash: ARGON2 })).toEqual({ hash: REDACTED });
    expect(redactData({ token_hash: CHAIN_HASH })).toEqual({ token_hash: REDACTED });
  });

  it('masks a secret-looking value even when it hides behind a descriptive key', () => {
    expect(redactData({ token_id: JWT })).toEqual({ token_id: REDACTED });
  });

  it('does not modify its input', () => {
    const data = { password: 'x', nested: { token: 'y' } };
    const copy = structuredClone(data);
    redactData(data);
    expect(data).toEqual(copy);
  });

  it('copies a "__proto__" member as data instead of changing the prototype', () => {
    const data = JSON.parse('{"__proto__":{"password":"x"},"ok":1}') as Record<string, unknown>;
    const redacted = redactData(data);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value).toEqual({ password: REDACTED });
  });

  it('rejects cyclic data', () => {
    const data: Record<string, unknown> = {};
    data.loop = { back: data };
    expect(() => redactData(data)).toThrow(/cyclic/);
  });
});

describe(looksSecretValue.name, () => {
  it.each([
    ['a signed JWT', JWT],
    ['an unsigned JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ['a PEM block', PEM],
    ['an argon2id hash', ARGON2],
    ['an argon2i hash', '$argon2i$v=19$m=16,t=2,p=1$x$y'],
  ])('flags %s', (_label, value) => {
    expect(looksSecretValue(value)).toBe(true);
  });

  it.each(['hello', 'heyJude.was.here', 'eyJ', '0190a0c0-0000-7000-8000-000000000001', CHAIN_HASH, 'price: $2.50'])('leaves %s alone', (value) => {
    expect(looksSecretValue(value)).toBe(false);
  });
});

describe(looksSecretMember.name, () => {
  it.each(['password', 'newPassword', 'PASSWD', 'x-api-key', 'privateKey', 'client_secret', 'accessToken', 'Cookie', 'passphrase'])(
    'flags a string under %s',
    (key) => {
      expect(looksSecretMember(key, 'value')).toBe(true);
    },
  );

  it('never flags signature, booleans or null', () => {
    expect(looksSecretMember('signature', 'abc')).toBe(false);
    expect(looksSecretMember('password', true)).toBe(false);
    expect(looksSecretMember('token', null)).toBe(false);
  });
});
