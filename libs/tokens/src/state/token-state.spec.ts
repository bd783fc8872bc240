import { generateSigningKey, type GeneratedSigningKey } from '../keys/signing-key.util';
import { hmacKeyId } from '../jwt/hmac-key.util';
import { TokenState, type PublicKeyEntry } from './token-state';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const ISS = 'tr4ction';

function entry(key: GeneratedSigningKey, status: string): PublicKeyEntry {
  return { kid: key.kid, alg: key.alg, status, public_pem: key.publicPem, jwk: key.publicJwk };
}

function setup(mode: 'asymmetric' | 'hmac' = 'asymmetric') {
  let now = T0;
  const sut = new TokenState(mode, () => now);
  return { sut, clock: { set: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) } };
}

const claims = (overrides: Partial<{ jti: string; sub: string; iat: number; extra: Record<string, unknown> }> = {}) => ({
  iss: ISS,
  jti: 'j1',
  sub: 'u1',
  iat: T0 / 1000,
  extra: { sid: 's1' },
  ...overrides,
});

describe(TokenState.name, () => {
  let k1: GeneratedSigningKey;
  let k2: GeneratedSigningKey;
  let k3: GeneratedSigningKey;

  beforeAll(async () => {
    [k1, k2, k3] = await Promise.all([generateSigningKey('RS256'), generateSigningKey('RS256'), generateSigningKey('RS256')]);
  }, 60_000); // RSA key generation is slow on a loaded 2-core machine

  describe('keys', () => {
    it('is not ready before keys and revocations are loaded, nor without a verifying key', () => {
      const { sut } = setup();
      expect(sut.ready()).toBe(false);
      sut.replaceKeys([entry(k1, 'next')]);
      sut.applySnapshot({ issuer: ISS, denied: [], user_cutoffs: [], global_not_before: null });
      expect(sut.ready()).toBe(false);
      sut.replaceKeys([entry(k1, 'active')]);
      expect(sut.ready()).toBe(true);
    });

    it('publishes next, active and retiring keys, and verifies with each of them', () => {
      const { sut } = setup();
      sut.replaceKeys([entry(k1, 'retiring'), entry(k2, 'active'), entry(k3, 'next')]);
      expect(
        sut
          .jwks()
          .keys.map((k) => k.kid)
          .sort(),
      ).toEqual([k1.kid, k2.kid, k3.kid].sort());
      expect(sut.jwks().keys.every((k) => !('d' in k) && k.use === 'sig')).toBe(true);
      for (const key of [k1, k2, k3]) expect(sut.resolveKey(key.kid)).toEqual({ alg: 'RS256', publicPem: key.publicPem });
    });

    it('never resolves retired, revoked, unknown or malformed keys', () => {
      const { sut } = setup();
      sut.replaceKeys([entry(k1, 'retired'), entry(k2, 'revoked'), { ...entry(k3, 'active'), public_pem: 'not a key' }]);
      expect(sut.jwks().keys).toEqual([]);
      for (const kid of [k1.kid, k2.kid, k3.kid, 'nope']) expect(sut.resolveKey(kid)).toBeUndefined();
    });

    it('drops a revoked key at once and forgets keys missing from a new snapshot', () => {
      const { sut } = setup();
      sut.replaceKeys([entry(k1, 'active'), entry(k2, 'next')]);
      sut.dropKey(k1.kid);
      expect(sut.resolveKey(k1.kid)).toBeUndefined();
      sut.replaceKeys([entry(k2, 'active')]);
      expect(sut.jwks().keys.map((k) => k.kid)).toEqual([k2.kid]);
    });

    it('HS256 mode: publishes nothing, and a replaced secret verifies only through its grace window', () => {
      const { sut, clock } = setup('hmac');
      const first = 'a'.repeat(32);
      const second = 'b'.repeat(32);
      sut.setHmacSecret(hmacKeyId(first), first, 60_000);
      sut.setHmacSecret(hmacKeyId(second), second, 60_000);
      expect(sut.jwks()).toEqual({ keys: [] });
      expect(sut.resolveKey(hmacKeyId(first))).toEqual({ alg: 'HS256', secret: first });
      clock.advance(60_001);
      expect(sut.resolveKey(hmacKeyId(first))).toBeUndefined();
      expect(sut.resolveKey(hmacKeyId(second))).toEqual({ alg: 'HS256', secret: second });
    });
  });

  describe('revocation', () => {
    it('denies a jti per issuer', () => {
      const { sut } = setup();
      sut.deny(ISS, 'j1');
      expect(sut.revokedReason(claims())).toBe('denied');
      expect(sut.revokedReason(claims({ jti: 'j2' }))).toBeUndefined();
      expect(sut.revokedReason({ ...claims(), iss: 'other' })).toBeUndefined();
    });

    it('rejects tokens issued before a subject cutoff, in whole seconds, and only for that subject', () => {
      const { sut } = setup();
      sut.cutSubject('u1', T0 + 400);
      expect(sut.revokedReason(claims({ iat: T0 / 1000 }))).toBe('subject_cutoff');
      // The issuer moves iat of a token minted in the cutoff's own second up to the next second.
      expect(sut.revokedReason(claims({ iat: T0 / 1000 + 1 }))).toBeUndefined();
      expect(sut.revokedReason(claims({ sub: 'u2', iat: T0 / 1000 }))).toBeUndefined();
    });

    it('rejects every token issued before the global cutoff', () => {
      const { sut } = setup();
      sut.cutAll(T0);
      expect(sut.revokedReason(claims({ iat: T0 / 1000 - 1, sub: 'anyone' }))).toBe('global_cutoff');
      expect(sut.revokedReason(claims({ iat: T0 / 1000 }))).toBeUndefined();
    });

    it('merges monotonically: an older snapshot never lowers a cutoff or lifts a denial', () => {
      const { sut } = setup();
      sut.cutAll(T0 + 5000);
      sut.cutSubject('u1', T0 + 5000);
      sut.deny(ISS, 'j1');
      sut.applySnapshot({
        issuer: ISS,
        denied: [],
        user_cutoffs: [{ user_id: 'u1', not_before: new Date(T0).toISOString() }],
        global_not_before: new Date(T0).toISOString(),
      });
      expect(sut.revokedReason(claims({ iat: T0 / 1000 + 4 }))).toBe('denied');
      expect(sut.revokedReason(claims({ jti: 'j9', iat: T0 / 1000 + 4 }))).toBe('global_cutoff');
    });

    it('loads denials with their expiry and prunes them once the token is dead', () => {
      const { sut, clock } = setup();
      sut.applySnapshot({ issuer: ISS, denied: [{ jti: 'j1', expires_at: new Date(T0 + 900_000).toISOString() }], user_cutoffs: [], global_not_before: null });
      expect(sut.counts().denied).toBe(1);
      clock.advance(900_001);
      sut.prune();
      expect(sut.counts().denied).toBe(0);
    });

    it('ignores denials that have already expired in a snapshot', () => {
      const { sut } = setup();
      sut.applySnapshot({ issuer: ISS, denied: [{ jti: 'old', expires_at: new Date(T0 - 1).toISOString() }], user_cutoffs: [], global_not_before: null });
      expect(sut.counts().denied).toBe(0);
    });

    it('rejects every token of an ended session by its sid, from an event or a snapshot, until none can be live', () => {
      const { sut, clock } = setup();
      sut.denySession('s1');
      expect(sut.revokedReason(claims({ jti: 'any' }))).toBe('session_ended');
      expect(sut.revokedReason(claims({ extra: { sid: 's2' } }))).toBeUndefined();
      expect(sut.revokedReason(claims({ extra: {} }))).toBeUndefined();
      sut.applySnapshot({
        issuer: ISS,
        denied: [],
        user_cutoffs: [],
        global_not_before: null,
        denied_sessions: [{ sid: 's2', until: new Date(T0 + 60_000).toISOString() }],
      });
      expect(sut.revokedReason(claims({ extra: { sid: 's2' } }))).toBe('session_ended');
      expect(sut.counts().ended_sessions).toBe(2);
      clock.advance(60_001);
      sut.prune();
      expect(sut.counts().ended_sessions).toBe(1);
    });
  });
});
