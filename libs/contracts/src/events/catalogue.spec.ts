import { ALL_EVENTS_SUBJECT, EVENT_CATALOGUE, EVENT_TYPES, eventTypeForSubject, subjectFor } from './catalogue';
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

  it('contains every event the contract names', () => {
    const required = ['UserRegistered', 'UserCreated', 'UserDeleted', 'RolesChanged', 'LoginSucceeded', 'LoginFailed', 'AccountLocked', 'AccountUnlocked', 'PasswordChanged', 'PasswordResetByAdmin', 'TokenIssued', 'TokenRevoked', 'RefreshTokenReuseDetected', 'AllTokensRevoked', 'SecretRotated', 'SigningKeyRevoked', 'ServiceAccountCreated', 'ServiceAccountRevoked', 'ConfigurationChanged', 'DatabaseBackupCompleted', 'AuditCheckpointSigned', 'MfaEnrolled', 'MfaRemoved', 'MfaChallengeSucceeded', 'MfaChallengeFailed', 'RecoveryCodeUsed', 'RecoveryCodesRegenerated', 'MfaReset', 'AdminRead'];
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
