import { generateOpaqueToken, hashOpaqueToken, opaqueTokenKind, safeEqualHex } from './opaque-token.util';

describe(generateOpaqueToken.name, () => {
  it.each([
    ['refresh_token', 'rt_'],
    ['client_secret', 'sk_'],
    ['mfa_token', 'mt_'],
  ] as const)('prefixes a %s with %s and carries 32 random bytes', (kind, prefix) => {
    const token = generateOpaqueToken(kind);

    expect(token.startsWith(prefix)).toBe(true);
    expect(Buffer.from(token.slice(prefix.length), 'base64url')).toHaveLength(32);
    expect(token.slice(prefix.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(opaqueTokenKind(token)).toBe(kind);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateOpaqueToken('refresh_token')));

    expect(tokens.size).toBe(1000);
  });

  it('allows more entropy but not less', () => {
    expect(Buffer.from(generateOpaqueToken('client_secret', 48).slice(3), 'base64url')).toHaveLength(48);
    expect(() => generateOpaqueToken('client_secret', 16)).toThrow(RangeError);
  });
});

describe(hashOpaqueToken.name, () => {
  it('is a deterministic SHA-256 hex digest that does not contain the token', () => {
    const token = generateOpaqueToken('refresh_token');

    const hash = hashOpaqueToken(token);

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOpaqueToken(token)).toBe(hash);
    expect(hashOpaqueToken(`${token}x`)).not.toBe(hash);
    expect(hash).not.toContain(token.slice(3, 15));
  });
});

describe(safeEqualHex.name, () => {
  const hash = hashOpaqueToken('rt_example');

  it('matches equal digests, in either case', () => {
    expect(safeEqualHex(hash, hash)).toBe(true);
    expect(safeEqualHex(hash, hash.toUpperCase())).toBe(true);
  });

  it.each([
    ['a different digest', hashOpaqueToken('rt_other')],
    ['a shorter value', hash.slice(0, 62)],
    ['a non-hex value of the same length', `${hash.slice(0, 62)}zz`],
    ['an empty value', ''],
  ])('rejects %s', (_, other) => {
    expect(safeEqualHex(hash, other)).toBe(false);
  });
});
