import { createPublicKey } from 'node:crypto';
import { TokenError } from '../errors/token.errors';
import { generateSigningKey, jwkThumbprint, toPublicJwk } from './signing-key.util';

describe(generateSigningKey.name, () => {
  it.each(['RS256', 'ES256', 'EdDSA'] as const)('generates a %s key whose kid is its RFC 7638 thumbprint', async (alg) => {
    const key = await generateSigningKey(alg);

    expect(key.alg).toBe(alg);
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.kid).toBe(jwkThumbprint(createPublicKey(key.publicPem)));
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
    expect(key.privatePem).toContain('BEGIN PRIVATE KEY');
    expect(key.publicPem).toContain('BEGIN PUBLIC KEY');
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('defaults to RS256 with a 2048-bit modulus', async () => {
    const key = await generateSigningKey();

    expect(key.alg).toBe('RS256');
    expect(createPublicKey(key.publicPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('gives every key a different kid', async () => {
    const [a, b] = await Promise.all([generateSigningKey('ES256'), generateSigningKey('ES256')]);

    expect(a.kid).not.toBe(b.kid);
  });
});

describe(jwkThumbprint.name, () => {
  it('matches the RFC 7638 section 3.1 example', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs' +
      'tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5' +
      'hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });

    expect(jwkThumbprint(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe(toPublicJwk.name, () => {
  it('publishes only public members, even when handed a private PEM', async () => {
    const key = await generateSigningKey('ES256');

    const jwk = toPublicJwk({ kid: key.kid, alg: 'ES256', publicPem: key.privatePem });

    expect(jwk).toEqual(key.publicJwk);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it.each(['RS256', 'EdDSA'] as const)('builds the %s JWK with kty and alg', async (alg) => {
    const key = await generateSigningKey(alg);

    const jwk = toPublicJwk({ kid: key.kid, alg, publicPem: key.publicPem });

    expect(jwk).toEqual(key.publicJwk);
    expect(jwk.kty).toBe(alg === 'RS256' ? 'RSA' : 'OKP');
  });

  it('refuses a key that does not match its declared algorithm', async () => {
    const key = await generateSigningKey('ES256');

    expect(() => toPublicJwk({ kid: key.kid, alg: 'RS256', publicPem: key.publicPem })).toThrow(new TokenError('INTERNAL', 'key_alg_mismatch'));
  });

  it('refuses material that is not a key, without echoing it', () => {
    const garbage = 'not-a-pem-but-maybe-a-secret-value';

    let caught: unknown;
    try {
      toPublicJwk({ kid: 'k1', alg: 'RS256', publicPem: garbage });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(TokenError);
    expect((caught as TokenError).reason).toBe('key_material_invalid');
    expect((caught as TokenError).message).not.toContain(garbage);
  });
});
