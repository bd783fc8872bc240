import { createHmac, createPrivateKey, randomBytes, sign as cryptoSign } from 'node:crypto';
import http from 'node:http';
import { JwtService } from '@nestjs/jwt';
import https from 'node:https';
import { TokenError, type InvalidTokenReason } from '../errors/token.errors';
import { generateSigningKey, type GeneratedSigningKey } from '../keys/signing-key.util';
import { AccessTokenSigner } from './access-token.signer';
import type { AccessTokenVerificationKey } from './access-token.types';
import { AccessTokenVerifier } from './access-token.verifier';
import { hmacKeyId } from './hmac-key.util';
import type { AccessTokenAlg } from './token-algorithms.constants';

const ISSUER = 'https://auth.tr4ction.test';
const AUDIENCE = 'tr4ction-api';
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

let rsa: GeneratedSigningKey;
let ec: GeneratedSigningKey;
let attacker: GeneratedSigningKey;
const hsSecret = randomBytes(32).toString('base64url');

beforeAll(async () => {
  [rsa, ec, attacker] = await Promise.all([generateSigningKey('RS256'), generateSigningKey('ES256'), generateSigningKey('RS256')]);
});

function setup(options: { allowedAlgs?: AccessTokenAlg[]; nowMs?: number } = {}) {
  const clock = { nowMs: options.nowMs ?? T0 };
  const keys = new Map<string, AccessTokenVerificationKey>([
    [rsa.kid, { alg: 'RS256', publicPem: rsa.publicPem }],
    [ec.kid, { alg: 'ES256', publicPem: ec.publicPem }],
    [hmacKeyId(hsSecret), { alg: 'HS256', secret: hsSecret }],
  ]);
  const resolveKey = jest.fn((kid: string) => keys.get(kid));
  const sut = new AccessTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    allowedAlgs: options.allowedAlgs ?? ['RS256', 'ES256'],
    resolveKey,
    clockToleranceSeconds: 30,
    now: () => clock.nowMs,
  });
  const signer = new AccessTokenSigner({ issuer: ISSUER, audience: AUDIENCE, now: () => T0 });
  return { sut, signer, clock, keys, mocks: { resolveKey } };
}

const b64 = (value: object | string): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function validPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = T0 / 1000;
  return { iss: ISSUER, aud: AUDIENCE, sub: 'u1', iat, nbf: iat, exp: iat + 900, jti: 'j1', roles: ['founder'], scope: 'profile', ...overrides };
}

/** Builds a token by hand, the way an attacker would, with any header and any signing function. */
function forge(header: object, payload: object, signWith: (input: string) => string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signWith(input)}`;
}
const rsaSignWith =
  (pem: string) =>
  (input: string): string =>
    cryptoSign('sha256', Buffer.from(input), createPrivateKey(pem)).toString('base64url');
const hmacSignWith =
  (secret: string | Buffer) =>
  (input: string): string =>
    createHmac('sha256', secret).update(input).digest('base64url');

function reasonOf(run: () => unknown): InvalidTokenReason | string {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) {
      expect(error.code).toBe('INVALID_TOKEN');
      return error.reason;
    }
    throw error;
  }
  throw new Error('expected the token to be rejected');
}

describe(AccessTokenVerifier.name, () => {
  describe('round trip', () => {
    it.each(['RS256', 'ES256'] as const)('verifies a %s token from AccessTokenSigner', (alg) => {
      const { sut, signer } = setup();
      const key = alg === 'RS256' ? rsa : ec;

      const signed = signer.sign({ sub: 'u1', roles: ['admin'], scope: 'a b', extra: { sid: 's1' } }, { kid: key.kid, alg, privatePem: key.privatePem });
      const claims = sut.verify(signed.token);

      expect(claims).toEqual({
        iss: ISSUER,
        sub: 'u1',
        aud: [AUDIENCE],
        iat: T0 / 1000,
        nbf: T0 / 1000,
        exp: T0 / 1000 + 900,
        jti: signed.jti,
        roles: ['admin'],
        scope: 'a b',
        kid: key.kid,
        alg,
        extra: { sid: 's1' },
      });
    });

    it('verifies an HS256 token in the runbook shared-secret mode', () => {
      const { sut, signer } = setup({ allowedAlgs: ['HS256'] });

      const signed = signer.sign({ sub: 'u1', roles: [], scope: '' }, { alg: 'HS256', secret: hsSecret });

      expect(sut.verify(signed.token)).toMatchObject({ sub: 'u1', alg: 'HS256', kid: hmacKeyId(hsSecret) });
    });

    it('accepts typ application/at+jwt in any case (RFC 9068)', () => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'Application/AT+JWT' }, validPayload(), rsaSignWith(rsa.privatePem));

      expect(sut.verify(token).sub).toBe('u1');
    });

    it('picks up new material when a kid is re-pointed', () => {
      const { sut, keys } = setup();
      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), rsaSignWith(attacker.privatePem));
      expect(reasonOf(() => sut.verify(token))).toBe('bad_signature');

      keys.set(rsa.kid, { alg: 'RS256', publicPem: attacker.publicPem });

      expect(sut.verify(token).sub).toBe('u1');
    });

    it('refuses to be built with an empty or unknown allowlist', () => {
      const base = { issuer: ISSUER, audience: AUDIENCE, resolveKey: () => undefined };
      expect(() => new AccessTokenVerifier({ ...base, allowedAlgs: [] })).toThrow(TokenError);
      expect(() => new AccessTokenVerifier({ ...base, allowedAlgs: ['none' as AccessTokenAlg] })).toThrow(TokenError);
    });
  });

  describe('hostile tokens', () => {
    it.each(['none', 'None', 'NONE'])('rejects alg %s, signed or not', (alg) => {
      const { sut, mocks } = setup();
      const header = { alg, kid: rsa.kid, typ: 'at+jwt' };

      expect(reasonOf(() => sut.verify(forge(header, validPayload(), () => '')))).toBe('alg_not_allowed');
      expect(reasonOf(() => sut.verify(forge(header, validPayload(), rsaSignWith(rsa.privatePem))))).toBe('alg_not_allowed');
      expect(mocks.resolveKey).not.toHaveBeenCalled();
    });

    it('rejects HS256 signed with the RS256 public key PEM as the HMAC secret', () => {
      const forged = forge({ alg: 'HS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload({ roles: ['admin'] }), hmacSignWith(rsa.publicPem));

      // Default deployment: HS256 is not even on the allowlist.
      expect(reasonOf(() => setup().sut.verify(forged))).toBe('alg_not_allowed');
      // Mixed deployment during a migration: the kid's key is RS256, so the header alg cannot pick HMAC.
      expect(reasonOf(() => setup({ allowedAlgs: ['RS256', 'HS256'] }).sut.verify(forged))).toBe('alg_mismatch');
    });

    it('rejects a header alg that differs from the key alg', () => {
      const { sut } = setup();

      const token = forge({ alg: 'ES256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), () => 'AAAA');

      expect(reasonOf(() => sut.verify(token))).toBe('alg_mismatch');
    });

    it('rejects an embedded jwk, even one that verifies the signature', () => {
      const { sut, mocks } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt', jwk: attacker.publicJwk }, validPayload(), rsaSignWith(attacker.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('embedded_jwk');
      expect(mocks.resolveKey).not.toHaveBeenCalled();
    });

    describe('remote key references', () => {
      const spies: jest.SpyInstance[] = [];
      beforeEach(() => {
        spies.push(jest.spyOn(http, 'request'), jest.spyOn(http, 'get'), jest.spyOn(https, 'request'), jest.spyOn(https, 'get'));
        if (typeof globalThis.fetch === 'function') spies.push(jest.spyOn(globalThis, 'fetch'));
      });
      afterEach(() => {
        for (const spy of spies.splice(0)) spy.mockRestore();
      });

      it.each([
        ['jku', 'http://evil.example/jwks.json', 'jku_present'],
        ['x5u', 'https://evil.example/cert.pem', 'x5u_present'],
        ['x5c', ['MIIBszCCAVmgAwIBAgIU'], 'x5c_present'],
      ])('rejects %s with no outbound request', (member, value, reason) => {
        const { sut, mocks } = setup();

        const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt', [member]: value }, validPayload(), rsaSignWith(attacker.privatePem));

        expect(reasonOf(() => sut.verify(token))).toBe(reason);
        expect(mocks.resolveKey).not.toHaveBeenCalled();
        for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      });
    });

    it('rejects a crit header', () => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt', crit: ['b64'], b64: false }, validPayload(), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('crit_present');
    });

    it.each([
      ['path traversal', '../../etc/passwd'],
      ['SQL injection', "x' OR 1=1"],
      ['SQL comment', 'x;--'],
      ['an over-long kid', 'k'.repeat(65)],
      ['an empty kid', ''],
      ['a numeric kid', 7],
      ['a missing kid', undefined],
    ])('rejects %s in kid before any key lookup', (_, kid) => {
      const { sut, mocks } = setup();

      const token = forge({ alg: 'RS256', kid, typ: 'at+jwt' }, validPayload(), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('kid_invalid');
      expect(mocks.resolveKey).not.toHaveBeenCalled();
    });

    it.each([['JWT'], ['jwt'], [undefined], ['at+jwt; charset=x']])('rejects typ %s', (typ) => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ }, validPayload(), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('typ_mismatch');
    });

    it('rejects an unknown kid', () => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: attacker.kid, typ: 'at+jwt' }, validPayload(), rsaSignWith(attacker.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('unknown_kid');
    });

    it('rejects a tampered payload', () => {
      const { sut, signer } = setup();
      const { token } = signer.sign({ sub: 'u1', roles: ['founder'], scope: '' }, { kid: rsa.kid, alg: 'RS256', privatePem: rsa.privatePem });
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;

      const tampered = `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`;

      expect(reasonOf(() => sut.verify(tampered))).toBe('bad_signature');
    });

    it('rejects a signature made by another key under a known kid', () => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), rsaSignWith(attacker.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('bad_signature');
    });

    it('rejects a token with an empty signature under an allowed alg', () => {
      const { sut } = setup();

      expect(reasonOf(() => sut.verify(forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), () => '')))).toBe('bad_signature');
    });
  });

  describe('remembered signatures', () => {
    const signedRsa = (signer: AccessTokenSigner): string =>
      signer.sign({ sub: 'u1', roles: ['founder'], scope: '', ttlSeconds: 900 }, { kid: rsa.kid, alg: 'RS256', privatePem: rsa.privatePem }).token;

    it("checks a repeated token's signature once, yet answers the same claims", () => {
      const { sut, signer } = setup();
      const token = signedRsa(signer);
      const first = sut.verify(token);
      const checkSignature = jest.spyOn(JwtService.prototype, 'verify');

      const again = sut.verify(token);

      expect(checkSignature).not.toHaveBeenCalled();
      checkSignature.mockRestore();
      expect(again).toEqual(first);
      expect(again).not.toBe(first);
    });

    it('still resolves the kid on every call: a retired key stops a remembered token', () => {
      const { sut, signer, keys } = setup();
      const token = signedRsa(signer);
      sut.verify(token);

      keys.delete(rsa.kid);

      expect(reasonOf(() => sut.verify(token))).toBe('unknown_kid');
    });

    it('forgets the signature when the kid is re-pointed to other material', () => {
      const { sut, signer, keys } = setup();
      const token = signedRsa(signer);
      sut.verify(token);

      keys.set(rsa.kid, { alg: 'RS256', publicPem: attacker.publicPem });

      expect(reasonOf(() => sut.verify(token))).toBe('bad_signature');
    });

    it('still rejects a remembered token once it expires', () => {
      const { sut, signer, clock } = setup();
      const token = signedRsa(signer);
      sut.verify(token);

      clock.nowMs = T0 + 930_000;

      expect(reasonOf(() => sut.verify(token))).toBe('expired');
    });

    it('never remembers a token that failed, nor a different string with the same claims', () => {
      const { sut, signer } = setup();
      const token = signedRsa(signer);
      const [header, payload, signature] = token.split('.');
      const tampered = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;

      expect(reasonOf(() => sut.verify(tampered))).toBe('bad_signature');
      sut.verify(token);
      expect(reasonOf(() => sut.verify(tampered))).toBe('bad_signature');
    });
  });

  describe('time', () => {
    const signedAtT0 = (signer: AccessTokenSigner): string =>
      signer.sign({ sub: 'u1', roles: [], scope: '', ttlSeconds: 900 }, { kid: ec.kid, alg: 'ES256', privatePem: ec.privatePem }).token;

    it('accepts a token within its lifetime plus clock tolerance', () => {
      const { sut, signer, clock } = setup();
      const token = signedAtT0(signer);

      clock.nowMs = T0 + 929_000;

      expect(sut.verify(token).sub).toBe('u1');
    });

    it('rejects an expired token (injected clock)', () => {
      const { sut, signer, clock } = setup();
      const token = signedAtT0(signer);

      clock.nowMs = T0 + 930_000;

      expect(reasonOf(() => sut.verify(token))).toBe('expired');
    });

    it('rejects a token that is not valid yet', () => {
      const { sut, signer, clock } = setup();
      const token = signedAtT0(signer);

      clock.nowMs = T0 - 31_000;

      expect(reasonOf(() => sut.verify(token))).toBe('not_yet_valid');
    });

    it('rejects an iat in the future even without nbf', () => {
      const { sut } = setup();
      const iat = T0 / 1000 + 3600;

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload({ nbf: undefined, iat, exp: iat + 900 }), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('not_yet_valid');
    });
  });

  describe('claims', () => {
    it.each(['iss', 'aud', 'sub', 'exp', 'iat', 'jti'])('rejects a token without %s', (claim) => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload({ [claim]: undefined }), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe('missing_claim');
    });

    it.each([
      [{ iss: 'https://evil.example' }, 'issuer_mismatch'],
      [{ aud: 'another-api' }, 'audience_mismatch'],
      [{ aud: ['another-api', 'third'] }, 'audience_mismatch'],
      [{ roles: 'admin' }, 'malformed'],
      [{ scope: ['a'] }, 'malformed'],
      [{ exp: '9999999999' }, 'missing_claim'],
    ])('rejects %j', (overrides, reason) => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(overrides), rsaSignWith(rsa.privatePem));

      expect(reasonOf(() => sut.verify(token))).toBe(reason);
    });

    it('keeps a "__proto__" claim as plain data', () => {
      const { sut } = setup();
      const payload = { ...validPayload(), ['__proto__']: { isAdmin: true } };

      const claims = sut.verify(forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, payload, rsaSignWith(rsa.privatePem)));

      expect(Object.getPrototypeOf(claims.extra)).toBe(Object.prototype);
      expect((claims.extra as { isAdmin?: boolean }).isAdmin).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(claims.extra, '__proto__')).toBe(true);
    });

    it('accepts an aud array that contains the expected audience', () => {
      const { sut } = setup();

      const token = forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload({ aud: ['other', AUDIENCE] }), rsaSignWith(rsa.privatePem));

      expect(sut.verify(token).aud).toEqual(['other', AUDIENCE]);
    });
  });

  describe('malformed input', () => {
    it.each([
      ['an empty string', ''],
      ['one segment', 'abc'],
      ['two segments', 'abc.def'],
      ['four segments', 'a.b.c.d'],
      ['non-base64url characters', 'ab+c.def.ghi'],
      ['a header that is not JSON', `${b64('not json')}.${b64({})}.sig`],
      ['a header that is an array', `${b64('["RS256"]')}.${b64({})}.sig`],
      ['a non-ASCII header', `${b64('{"alg":"RS256","kid":"k\u00e9","typ":"at+jwt"}')}.${b64({})}.sig`],
      ['an over-long token', `${b64({ alg: 'RS256' })}.${'A'.repeat(9000)}.sig`],
    ])('rejects %s', (_, token) => {
      const { sut } = setup();

      expect(reasonOf(() => sut.verify(token))).toBe('malformed');
    });

    it('rejects a non-string bearer value', () => {
      const { sut } = setup();

      expect(reasonOf(() => sut.verify(undefined as unknown as string))).toBe('malformed');
    });
  });

  describe('error hygiene', () => {
    it('never puts the token, a key or a secret into an error', () => {
      const { sut, signer, clock } = setup({ allowedAlgs: ['RS256', 'HS256'] });
      const good = signer.sign({ sub: 'u1', roles: [], scope: '' }, { kid: rsa.kid, alg: 'RS256', privatePem: rsa.privatePem }).token;
      const hostile = [
        forge({ alg: 'none', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), () => ''),
        forge({ alg: 'HS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), hmacSignWith(rsa.publicPem)),
        forge({ alg: 'HS256', kid: hmacKeyId(hsSecret), typ: 'at+jwt' }, validPayload(), hmacSignWith('wrong-secret-wrong-secret-wrong-secret')),
        forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt', jwk: attacker.publicJwk }, validPayload(), rsaSignWith(attacker.privatePem)),
        forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt', jku: 'http://evil' }, validPayload(), rsaSignWith(attacker.privatePem)),
        forge({ alg: 'RS256', kid: "x' OR 1=1", typ: 'at+jwt' }, validPayload(), rsaSignWith(rsa.privatePem)),
        forge({ alg: 'RS256', kid: rsa.kid, typ: 'JWT' }, validPayload(), rsaSignWith(rsa.privatePem)),
        forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload({ iss: 'evil' }), rsaSignWith(rsa.privatePem)),
        forge({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' }, validPayload(), rsaSignWith(attacker.privatePem)),
        `${good.slice(0, -4)}AAAA`,
      ];
      clock.nowMs = T0 + 3_600_000;
      hostile.push(good);

      const secrets = [hsSecret, rsa.publicPem.split('\n')[1], rsa.privatePem.split('\n')[1], attacker.privatePem.split('\n')[1]];
      for (const token of hostile) {
        let caught: unknown;
        try {
          sut.verify(token);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(TokenError);
        const error = caught as TokenError;
        const surface = [error.message, String(error.stack), JSON.stringify(error), String(error.cause ?? '')].join('\n');
        for (const segment of token.split('.').filter((part) => part.length >= 8)) {
          expect(surface).not.toContain(segment);
          expect(surface).not.toContain(segment.slice(0, 12));
        }
        for (const secret of secrets) expect(surface).not.toContain(secret);
        expect(error.message).toMatch(/^Invalid token \([a-z_]+\)$/);
      }
    });
  });
});
