import { TokenError } from '../errors/token.errors';
import {
  isPublished,
  isSigning,
  isVerifying,
  nextKeyStatuses,
  rotationDue,
  transition,
  type KeyRotationPolicy,
  type SigningKeyEvent,
  type SigningKeyLifecycleRecord,
  type SigningKeyState,
} from './signing-key-lifecycle.policy';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date(Date.UTC(2030, 5, 1));
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const policy: KeyRotationPolicy = { rotationIntervalDays: 30, accessTokenTtlSeconds: 900, jwksCacheSeconds: 3600, clockToleranceSeconds: 60 };

describe(transition.name, () => {
  it.each<[SigningKeyState, SigningKeyEvent, SigningKeyState]>([
    ['next', 'activate', 'active'],
    ['active', 'retire', 'retiring'],
    ['retiring', 'expire', 'retired'],
    ['next', 'revoke', 'revoked'],
    ['active', 'revoke', 'revoked'],
    ['retiring', 'revoke', 'revoked'],
    ['retired', 'revoke', 'revoked'],
  ])('%s --%s--> %s', (from, event, to) => {
    const key = { kid: 'k1', status: from, createdAt: NOW };

    expect(transition(key, event)).toEqual({ kid: 'k1', status: to, createdAt: NOW });
    expect(key.status).toBe(from);
  });

  it.each<[SigningKeyState, SigningKeyEvent]>([
    ['next', 'retire'],
    ['next', 'expire'],
    ['active', 'activate'],
    ['active', 'expire'],
    ['retiring', 'activate'],
    ['retired', 'activate'],
    ['retired', 'retire'],
    ['revoked', 'activate'],
    ['revoked', 'revoke'],
  ])('refuses %s --%s-->', (from, event) => {
    expect(() => transition({ status: from }, event)).toThrow(new TokenError('CONFLICT', 'illegal_key_transition'));
  });
});

describe(isPublished.name, () => {
  it.each<[SigningKeyState, boolean, boolean, boolean]>([
    ['next', true, false, false],
    ['active', true, true, true],
    ['retiring', true, true, false],
    ['retired', false, false, false],
    ['revoked', false, false, false],
  ])('%s: published %s, verifying %s, signing %s', (status, published, verifying, signing) => {
    expect(isPublished(status)).toBe(published);
    expect(isVerifying(status)).toBe(verifying);
    expect(isSigning(status)).toBe(signing);
  });
});

describe(rotationDue.name, () => {
  it('is due exactly at the interval', () => {
    expect(rotationDue(ago(30 * DAY), NOW, 30)).toBe(true);
    expect(rotationDue(ago(30 * DAY - 1), NOW, 30)).toBe(false);
  });
});

describe(nextKeyStatuses.name, () => {
  const key = (kid: string, status: SigningKeyState, extra: Partial<SigningKeyLifecycleRecord> = {}): SigningKeyLifecycleRecord => ({
    kid,
    status,
    createdAt: ago(40 * DAY),
    ...extra,
  });

  it('asks for a next key when none is published', () => {
    const plan = nextKeyStatuses([key('a', 'active', { activatedAt: ago(DAY) })], NOW, policy);

    expect(plan).toEqual({ changes: [], createNextKey: true });
  });

  it('does nothing before the rotation interval', () => {
    const plan = nextKeyStatuses([key('a', 'active', { activatedAt: ago(DAY) }), key('n', 'next')], NOW, policy);

    expect(plan).toEqual({ changes: [], createNextKey: false });
  });

  it('activates the next key and retires the active one when due', () => {
    const plan = nextKeyStatuses([key('a', 'active', { activatedAt: ago(31 * DAY) }), key('n', 'next')], NOW, policy);

    expect(plan).toEqual({
      changes: [
        { kid: 'n', event: 'activate', from: 'next', to: 'active' },
        { kid: 'a', event: 'retire', from: 'active', to: 'retiring' },
      ],
      createNextKey: true,
    });
  });

  it('waits until the next key has been in the JWKS for a full cache lifetime', () => {
    const keys = [key('a', 'active', { activatedAt: ago(31 * DAY) }), key('n', 'next', { createdAt: ago(3599_000) })];

    expect(nextKeyStatuses(keys, NOW, policy).changes).toEqual([]);
    expect(nextKeyStatuses(keys, NOW, policy, { force: true }).changes).toEqual([]);
  });

  it('rotates early when forced (admin "rotate now")', () => {
    const plan = nextKeyStatuses([key('a', 'active', { activatedAt: ago(DAY) }), key('n', 'next')], NOW, policy, { force: true });

    expect(plan.changes.map((change) => change.event)).toEqual(['activate', 'retire']);
  });

  it('keeps a retiring key until its last token has expired, then retires it', () => {
    const base = [key('a', 'active', { activatedAt: ago(DAY) }), key('n', 'next')];
    const ttlPlusSkew = (900 + 60) * 1000;

    expect(nextKeyStatuses([...base, key('r', 'retiring', { retiringAt: ago(ttlPlusSkew - 1) })], NOW, policy).changes).toEqual([]);
    expect(nextKeyStatuses([...base, key('r', 'retiring', { retiringAt: ago(ttlPlusSkew) })], NOW, policy).changes).toEqual([
      { kid: 'r', event: 'expire', from: 'retiring', to: 'retired' },
    ]);
  });

  it('activates a next key at once when nothing signs (bootstrap, or after a revocation)', () => {
    const plan = nextKeyStatuses([key('x', 'revoked'), key('n', 'next', { createdAt: NOW })], NOW, policy);

    expect(plan).toEqual({ changes: [{ kid: 'n', event: 'activate', from: 'next', to: 'active' }], createNextKey: true });
  });

  it('leaves retired and revoked keys alone', () => {
    const plan = nextKeyStatuses([key('a', 'active', { activatedAt: ago(DAY) }), key('n', 'next'), key('o', 'retired'), key('x', 'revoked')], NOW, policy);

    expect(plan.changes).toEqual([]);
  });
});
