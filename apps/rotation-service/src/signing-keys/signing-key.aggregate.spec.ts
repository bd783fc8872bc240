import { createEvent, type EventDataMap, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import {
  applyNewSigningKeyEvents,
  applySigningKeyEvent,
  byCreation,
  emptySigningKey,
  foldSigningKey,
  isLiveKey,
  toLifecycleRecord,
} from './signing-key.aggregate';

function event<T extends EventType>(type: T, kid: string, data: EventDataMap[T], occurredAt: string): EventEnvelope {
  const e = createEvent({
    type,
    actor: { type: 'system', id: null },
    subject: { type: 'signing-key', id: kid },
    source: { service: 'fold-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data,
  });
  return { ...e, occurred_at: occurredAt };
}

function stored(events: EventEnvelope[]) {
  return events.map((envelope, i) => ({ version: i + 1, envelope }));
}

describe('signing-key aggregate fold', () => {
  const kid = 'kid-fold-1';
  const created = event('SigningKeyCreated', kid, { kid, alg: 'ES256', fingerprint: kid }, '2026-03-01T00:00:00.000Z');
  const activated = event('SigningKeyStatusChanged', kid, { kid, from: 'next', to: 'active' }, '2026-03-01T00:05:00.000Z');
  const rotated = event('SecretRotated', kid, { what: 'signing_key', kid, fingerprint: kid }, '2026-03-01T00:05:00.000Z');
  const retiring = event('SigningKeyStatusChanged', kid, { kid, from: 'active', to: 'retiring' }, '2026-05-30T00:00:00.000Z');
  const retired = event('SigningKeyStatusChanged', kid, { kid, from: 'retiring', to: 'retired' }, '2026-05-30T01:00:00.000Z');

  it('starts empty: version 0, no status, not live', () => {
    const s = emptySigningKey(kid);
    expect(s).toMatchObject({ kid, version: 0, status: null });
    expect(isLiveKey(s)).toBe(false);
    expect(() => toLifecycleRecord(s)).toThrow(/no SigningKeyCreated/);
  });

  it('creation publishes the key as next, with its algorithm and creation time', () => {
    const s = foldSigningKey(emptySigningKey(kid), stored([created]));
    expect(s).toEqual({ ...emptySigningKey(kid), version: 1, alg: 'ES256', status: 'next', created_at: '2026-03-01T00:00:00.000Z' });
    expect(isLiveKey(s)).toBe(true);
  });

  it('walks next -> active -> retiring -> retired, stamping each transition; SecretRotated only moves the version', () => {
    const s = foldSigningKey(emptySigningKey(kid), stored([created, activated, rotated, retiring, retired]));
    expect(s).toMatchObject({
      version: 5,
      status: 'retired',
      activated_at: '2026-03-01T00:05:00.000Z',
      retiring_at: '2026-05-30T00:00:00.000Z',
      retired_at: '2026-05-30T01:00:00.000Z',
      revoked_at: null,
    });
    expect(isLiveKey(s)).toBe(false);
    expect(foldSigningKey(emptySigningKey(kid), stored([created, activated, rotated]))).toEqual({
      ...foldSigningKey(emptySigningKey(kid), stored([created, activated])),
      version: 3,
    });
  });

  it('revocation is final and keeps the reason and the times before it', () => {
    const s = foldSigningKey(
      emptySigningKey(kid),
      stored([created, activated, event('SigningKeyRevoked', kid, { kid, reason: 'compromised' }, '2026-03-02T00:00:00.000Z')]),
    );
    expect(s).toMatchObject({
      status: 'revoked',
      revoked_at: '2026-03-02T00:00:00.000Z',
      revoke_reason: 'compromised',
      activated_at: '2026-03-01T00:05:00.000Z',
      version: 3,
    });
    expect(isLiveKey(s)).toBe(false);
  });

  it('applyNewSigningKeyEvents numbers new events after the loaded version, as the append stores them', () => {
    const loaded = foldSigningKey(emptySigningKey(kid), stored([created]));
    const after = applyNewSigningKeyEvents(loaded, [activated, rotated]);
    expect(after).toEqual(foldSigningKey(emptySigningKey(kid), stored([created, activated, rotated])));
    expect(applySigningKeyEvent(loaded, activated, 2).version).toBe(2);
  });

  it('gives the lifecycle policy Dates, and orders keys oldest first (kid breaks a tie)', () => {
    const s = foldSigningKey(emptySigningKey(kid), stored([created, activated]));
    expect(toLifecycleRecord(s)).toEqual({
      kid,
      status: 'active',
      createdAt: new Date('2026-03-01T00:00:00.000Z'),
      activatedAt: new Date('2026-03-01T00:05:00.000Z'),
      retiringAt: null,
    });
    const b = foldSigningKey(
      emptySigningKey('b'),
      stored([event('SigningKeyCreated', 'b', { kid: 'b', alg: 'ES256', fingerprint: 'b' }, '2026-02-01T00:00:00.000Z')]),
    );
    const a = foldSigningKey(
      emptySigningKey('a'),
      stored([event('SigningKeyCreated', 'a', { kid: 'a', alg: 'ES256', fingerprint: 'a' }, '2026-02-01T00:00:00.000Z')]),
    );
    expect([s, b, a].sort(byCreation).map((k) => k.kid)).toEqual(['a', 'b', kid]);
  });
});
