import { createEvent, uuidv7, type EventDataMap, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import { applyNewEvents, applyUserEvent, emptyUser, foldUser, isLive, USER_STATE_FORMAT } from './user.aggregate';

function event<T extends EventType>(type: T, id: string, data: EventDataMap[T], occurredAt = '2026-03-03T12:00:00.000Z'): EventEnvelope {
  const e = createEvent({
    type,
    actor: { type: 'system', id: null },
    subject: { type: 'user', id },
    source: { service: 'fold-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data,
  });
  return { ...e, occurred_at: occurredAt };
}

function stored(events: EventEnvelope[]) {
  return events.map((envelope, i) => ({ version: i + 1, envelope }));
}

describe('user aggregate fold', () => {
  const id = uuidv7();
  const registered = event(
    'UserRegistered',
    id,
    { email: 'Ada@Example.com', name: 'Ada', roles: ['founder'], password_expires_at: '2026-06-01T00:00:00.000Z' },
    '2026-03-01T00:00:00.000Z',
  );

  it('starts empty: version 0, no account', () => {
    const s = emptyUser(id);
    expect(s).toMatchObject({ id, version: 0, format: USER_STATE_FORMAT, roles: [] });
    expect(isLive(s)).toBe(false);
  });

  it('registration sets profile, roles, password dates and creation time', () => {
    const s = foldUser(emptyUser(id), stored([registered]));
    expect(s).toEqual({
      ...emptyUser(id),
      version: 1,
      email: 'Ada@Example.com',
      name: 'Ada',
      roles: ['founder'],
      must_change_password: false,
      password_changed_at: '2026-03-01T00:00:00.000Z',
      password_expires_at: '2026-06-01T00:00:00.000Z',
      created_at: '2026-03-01T00:00:00.000Z',
    });
    expect(isLive(s)).toBe(true);
  });

  it('an admin-created account must change its password', () => {
    const s = foldUser(
      emptyUser(id),
      stored([event('UserCreated', id, { email: 'b@example.com', name: null, roles: ['auditor'], must_change_password: true })]),
    );
    expect(s).toMatchObject({ roles: ['auditor'], must_change_password: true, password_expires_at: null });
  });

  it("roles change to the event's after, not merged with before", () => {
    const s = foldUser(emptyUser(id), stored([registered, event('RolesChanged', id, { before: ['founder'], after: ['admin', 'auditor'] })]));
    expect(s.roles).toEqual(['admin', 'auditor']);
    expect(s.version).toBe(2);
  });

  it('a reset forces a change; the change clears it and moves the expiry', () => {
    const reset = foldUser(emptyUser(id), stored([registered, event('PasswordResetByAdmin', id, { must_change_password: true }, '2026-03-05T00:00:00.000Z')]));
    expect(reset).toMatchObject({
      must_change_password: true,
      password_changed_at: '2026-03-05T00:00:00.000Z',
      password_expires_at: '2026-06-01T00:00:00.000Z',
    });
    const changed = applyUserEvent(reset, event('PasswordChanged', id, { reason: 'first_login', password_expires_at: null }, '2026-03-06T00:00:00.000Z'), 3);
    expect(changed).toMatchObject({ version: 3, must_change_password: false, password_changed_at: '2026-03-06T00:00:00.000Z', password_expires_at: null });
  });

  it('lockout transitions set and clear the recorded lock', () => {
    const locked = foldUser(emptyUser(id), stored([registered, event('AccountLocked', id, { failed_attempts: 5, locked_until: '2026-03-03T12:30:00.000Z' })]));
    expect(locked.locked_until).toBe('2026-03-03T12:30:00.000Z');
    expect(applyUserEvent(locked, event('AccountUnlocked', id, { by: 'admin' }), 3).locked_until).toBeNull();
  });

  it('a deleted account is no longer live but keeps its version for the stream', () => {
    const s = foldUser(emptyUser(id), stored([registered, event('UserDeleted', id, { reason: 'test' })]));
    expect(s).toMatchObject({ status: 'deleted', version: 2 });
    expect(isLive(s)).toBe(false);
  });

  it('events that do not shape the account move only the version', () => {
    const s = foldUser(emptyUser(id), stored([registered]));
    const after = applyUserEvent(s, event('MfaReset', id, { factors_removed: 1 }), 2);
    expect(after).toEqual({ ...s, version: 2 });
  });

  it('is pure: folding never changes the state it starts from', () => {
    const s = foldUser(emptyUser(id), stored([registered]));
    const copy = structuredClone(s);
    applyUserEvent(s, event('RolesChanged', id, { before: ['founder'], after: ['admin'] }), 2);
    expect(s).toEqual(copy);
  });

  it("applyNewEvents numbers the events after the state's version, as the append does", () => {
    const s = foldUser(emptyUser(id), stored([registered]));
    const next = applyNewEvents(s, [
      event('RolesChanged', id, { before: ['founder'], after: ['admin'] }),
      event('PasswordResetByAdmin', id, { must_change_password: true }),
    ]);
    expect(next).toMatchObject({ version: 3, roles: ['admin'], must_change_password: true });
  });

  it('a fold from a snapshot equals the fold from the start (what the loader relies on)', () => {
    const events = [
      registered,
      ...Array.from({ length: 60 }, (_, i) => event('RolesChanged', id, { before: [], after: i % 2 ? ['admin'] : ['founder', 'auditor'] })),
    ];
    const all = stored(events);
    const full = foldUser(emptyUser(id), all);
    const snapshot = foldUser(emptyUser(id), all.slice(0, 50));
    expect(foldUser(snapshot, all.slice(50))).toEqual(full);
    expect(full.version).toBe(61);
  });
});
