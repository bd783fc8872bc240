import { randomBytes } from 'node:crypto';
import { TokenError } from '../errors/token.errors';
import { generateSigningKey } from '../keys/signing-key.util';
import { AccessTokenSigner } from './access-token.signer';
import { hmacKeyId } from './hmac-key.util';

const NOW_MS = Date.UTC(2030, 0, 1, 12, 0, 0);

async function setup() {
  const key = await generateSigningKey('ES256');
  const sut = new AccessTokenSigner({ issuer: 'https://auth.tr4ction.test', audience: 'tr4ction-api', now: () => NOW_MS });
  return { sut, key, signingKey: { kid: key.kid, alg: 'ES256' as const, privatePem: key.privatePem } };
}

function decodePart(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8')) as Record<string, unknown>;
}

function failureOf(run: () => unknown): TokenError {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('expected a TokenError');
}

describe(AccessTokenSigner.name, () => {
  it('writes the RFC 9068 header: alg, kid and typ at+jwt, nothing else', async () => {
    const { sut, key, signingKey } = await setup();

    const { token } = sut.sign({ sub: 'u1', roles: ['founder'], scope: 'profile' }, signingKey);

    expect(decodePart(token, 0)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' });
  });

  it('writes every required claim with a 15-minute default lifetime', async () => {
    const { sut, signingKey } = await setup();

    const signed = sut.sign({ sub: 'u1', roles: ['admin', 'auditor'], scope: 'a b' }, signingKey);

    const iat = NOW_MS / 1000;
    expect(decodePart(signed.token, 1)).toEqual({
      iss: 'https://auth.tr4ction.test',
      aud: 'tr4ction-api',
      sub: 'u1',
      iat,
      nbf: iat,
      exp: iat + 900,
      jti: signed.jti,
      roles: ['admin', 'auditor'],
      scope: 'a b',
    });
    expect(signed.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(signed.expiresAt).toEqual(new Date(NOW_MS + 900_000));
    expect(signed.notBefore).toEqual(new Date(NOW_MS));
  });

  it('honours ttlSeconds, jti, aud and extra claims', async () => {
    const { sut, signingKey } = await setup();

    const signed = sut.sign(
      { sub: 'sa-1', roles: [], scope: 'keys:read', ttlSeconds: 60, jti: 'fixed-jti', aud: ['x', 'y'], extra: { client_id: 'c1' } },
      signingKey,
    );

    expect(signed.jti).toBe('fixed-jti');
    expect(decodePart(signed.token, 1)).toMatchObject({ aud: ['x', 'y'], client_id: 'c1', exp: NOW_MS / 1000 + 60 });
  });

  it('refuses extra claims that would override registered ones', async () => {
    const { sut, signingKey } = await setup();

    const error = failureOf(() => sut.sign({ sub: 'u1', roles: [], scope: '', extra: { roles: ['admin'] } }, signingKey));

    expect(error.reason).toBe('reserved_claim');
  });

  it.each([0, -1, 1.5, 86_401])('refuses ttlSeconds %s', async (ttlSeconds) => {
    const { sut, signingKey } = await setup();

    expect(failureOf(() => sut.sign({ sub: 'u1', roles: [], scope: '', ttlSeconds }, signingKey)).reason).toBe('claims_invalid');
  });

  it('signs HS256 with a shared secret and a kid derived from it', async () => {
    const { sut } = await setup();
    const secret = randomBytes(32).toString('hex');

    const signed = sut.sign({ sub: 'u1', roles: [], scope: '' }, { alg: 'HS256', secret });

    expect(decodePart(signed.token, 0)).toEqual({ alg: 'HS256', kid: hmacKeyId(secret), typ: 'at+jwt' });
    expect(signed.kid).not.toContain(secret.slice(0, 8));
  });

  it('refuses an HS256 secret under 32 bytes without echoing it', async () => {
    const { sut } = await setup();
    const secret = 'short-runbook-secret';

    const error = failureOf(() => sut.sign({ sub: 'u1', roles: [], scope: '' }, { alg: 'HS256', secret }));

    expect(error.reason).toBe('hmac_secret_too_short');
    expect(error.message).not.toContain(secret);
  });

  it('refuses a key whose material does not match its algorithm', async () => {
    const { sut } = await setup();
    const rsa = await generateSigningKey('RS256');

    const error = failureOf(() => sut.sign({ sub: 'u1', roles: [], scope: '' }, { kid: rsa.kid, alg: 'ES256', privatePem: rsa.privatePem }));

    expect(error.reason).toBe('key_alg_mismatch');
    expect(error.message).not.toContain(rsa.privatePem.split('\n')[1]);
  });

  it('refuses EdDSA, which the JWT library cannot sign', async () => {
    const { sut } = await setup();
    const ed = await generateSigningKey('EdDSA');
    const key = { kid: ed.kid, alg: ed.alg, privatePem: ed.privatePem } as unknown as Parameters<AccessTokenSigner['sign']>[1];

    expect(failureOf(() => sut.sign({ sub: 'u1', roles: [], scope: '' }, key)).reason).toBe('alg_not_supported');
  });

  it('moves iat up to a revocation cutoff in the same second, keeping nbf at the real time', async () => {
    const { sut, signingKey } = await setup();

    const signed = sut.sign({ sub: 'u1', roles: [], scope: '', issuedAtFloor: new Date(NOW_MS + 400) }, signingKey);

    const claims = decodePart(signed.token, 1);
    expect(claims).toMatchObject({ iat: NOW_MS / 1000 + 1, nbf: NOW_MS / 1000, exp: NOW_MS / 1000 + 1 + 900 });
  });

  it('never moves iat more than a few seconds ahead, whatever floor it is given', async () => {
    const { sut, signingKey } = await setup();

    const signed = sut.sign({ sub: 'u1', roles: [], scope: '', issuedAtFloor: new Date(NOW_MS + 3_600_000) }, signingKey);

    expect(decodePart(signed.token, 1).iat).toBe(NOW_MS / 1000 + 5);
  });
});
