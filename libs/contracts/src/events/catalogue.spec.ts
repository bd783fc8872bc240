import {
  ALL_EVENTS_SUBJECT,
  EVENT_AGGREGATES,
  EVENT_CATALOGUE,
  EVENT_TYPES,
  eventTypeForSubject,
  LEGACY_EVENT_SUBJECTS,
  subjectFor,
  subjectsFor,
  type EventType,
} from './catalogue';
import { createEvent, envelopeProblems } from './create-event';
import { UUID_PATTERN, uuidv7 } from './uuid-v7';

describe('event catalogue', () => {
  it('builds one distinct, versioned subject per event type under the events root', () => {
    const subjects = EVENT_TYPES.map(subjectFor);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const s of subjects) expect(s).toMatch(/^tr4ction\.[a-z-]+\.[a-z-]+\.v\d+$/);
    expect(ALL_EVENTS_SUBJECT).toBe('tr4ction.>');
    for (const t of EVENT_TYPES) expect(eventTypeForSubject(subjectFor(t))).toBe(t);
  });

  describe('naming rule: tr4ction.<aggregate>.<type in kebab-case, without the aggregate noun in front>.v<N>', () => {
    /** `signing-key` -> `SigningKey`: read back from the subject, independently of how it was built. */
    const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());

    it.each(EVENT_TYPES)('%s: its subject spells the type, in its aggregate, at its version', (type) => {
      const [root, aggregate, name, version, ...rest] = subjectFor(type).split('.');
      expect({ root, aggregate, version, rest }).toEqual({
        root: 'tr4ction',
        aggregate: EVENT_CATALOGUE[type].aggregate,
        version: `v${EVENT_CATALOGUE[type].version}`,
        rest: [],
      });
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      // Either the name alone is the type, or the type starts with the aggregate's noun and the name is the rest.
      const startsWithAggregate = type.startsWith(pascal(aggregate)) && type !== pascal(aggregate);
      expect(startsWithAggregate ? pascal(aggregate) + pascal(name) : pascal(name)).toBe(type);
    });

    it('reads as documented (docs/events.md)', () => {
      expect(subjectFor('UserRegistered')).toBe('tr4ction.user.registered.v1');
      expect(subjectFor('SecretRotated')).toBe('tr4ction.secret.rotated.v1');
      expect(subjectFor('SigningKeyRevoked')).toBe('tr4ction.signing-key.revoked.v1');
      expect(subjectFor('AccountLocked')).toBe('tr4ction.user.account-locked.v1');
      expect(subjectFor('AllTokensRevoked')).toBe('tr4ction.token.all-tokens-revoked.v1');
    });

    it('gives every declared aggregate at least one event, and uses no other', () => {
      const used = new Set(EVENT_TYPES.map((t) => EVENT_CATALOGUE[t].aggregate));
      expect([...used].sort()).toEqual([...EVENT_AGGREGATES].sort());
    });
  });

  describe('legacy subjects (written by hand before the rule)', () => {
    const legacy = Object.entries(LEGACY_EVENT_SUBJECTS) as Array<[EventType, readonly string[]]>;
    const current = new Set(EVENT_TYPES.map(subjectFor));

    it('are still read as their type, and each one is no current subject', () => {
      expect(legacy.length).toBeGreaterThan(0);
      for (const [type, subjects] of legacy) {
        for (const subject of subjects) {
          expect({ subject, type: eventTypeForSubject(subject) }).toEqual({ subject, type });
          expect(current.has(subject)).toBe(false);
          // Same aggregate and version: only the name token moved, so `tr4ction.<aggregate>.>` grants cover both.
          expect(subject.split('.').filter((_t, i) => i !== 2)).toEqual(
            subjectFor(type)
              .split('.')
              .filter((_t, i) => i !== 2),
          );
        }
      }
    });

    it('are watched beside the current subject, which comes first', () => {
      for (const [type, subjects] of legacy) expect(subjectsFor(type)).toEqual([subjectFor(type), ...subjects]);
      expect(subjectsFor('UserRegistered')).toEqual([subjectFor('UserRegistered')]);
    });
  });

  it('contains every event the contract names', () => {
    const required = [
      'UserRegistered',
      'UserCreated',
      'UserDeleted',
      'RolesChanged',
      'LoginSucceeded',
      'LoginFailed',
      'AccountLocked',
      'AccountUnlocked',
      'PasswordChanged',
      'PasswordResetByAdmin',
      'TokenIssued',
      'TokenRevoked',
      'RefreshTokenReuseDetected',
      'AllTokensRevoked',
      'SecretRotated',
      'SigningKeyRevoked',
      'ServiceAccountCreated',
      'ServiceAccountRevoked',
      'ConfigurationChanged',
      'DatabaseBackupCompleted',
      'AuditCheckpointSigned',
      'MfaEnrolled',
      'MfaRemoved',
      'MfaChallengeSucceeded',
      'MfaChallengeFailed',
      'RecoveryCodeUsed',
      'RecoveryCodesRegenerated',
      'MfaReset',
      'AdminRead',
    ];
    expect(Object.keys(EVENT_CATALOGUE)).toEqual(expect.arrayContaining(required));
  });
});

describe(uuidv7.name, () => {
  it('is a version 7 uuid that sorts by time', () => {
    const a = uuidv7(1_000);
    const b = uuidv7(2_000);
    expect(a).toMatch(UUID_PATTERN);
    expect(a[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(a[19]);
    expect(a < b).toBe(true);
  });

  it('writes the 48-bit millisecond timestamp big-endian, and never repeats', () => {
    const ms = Date.UTC(2026, 10, 28, 5, 0, 0, 123);
    const ids = Array.from({ length: 1000 }, () => uuidv7(ms));

    expect(ids[0].replace(/-/g, '').slice(0, 12)).toBe(ms.toString(16).padStart(12, '0'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });
});

describe(envelopeProblems.name, () => {
  const valid = createEvent({
    type: 'LoginFailed',
    outcome: 'failure',
    actor: { type: 'user', id: null },
    subject: { type: 'user', id: 'u1' },
    source: { service: 'spec' },
    trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) },
    data: { reason: 'wrong_password' },
  });

  it('accepts an envelope built by createEvent', () => {
    expect(envelopeProblems(valid)).toEqual([]);
  });

  it('lists every problem of a broken envelope', () => {
    expect(envelopeProblems({ ...valid, id: 'x', type: 'Nope', outcome: 'maybe' })).toHaveLength(3);
    expect(envelopeProblems('text')).toEqual(['envelope is not an object']);
  });
});
