import { getPolicy } from '@tr4ction/security';
import { decideAttempt, type AttemptState } from './login-attempt.decider';

const NOW = new Date('2026-01-01T12:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const fresh: AttemptState = { failed_attempts: 0, locked_until: null, last_attempt_at: null };

describe(decideAttempt.name, () => {
  const seed = getPolicy('seed');
  const nist = getPolicy('nist-800-63b-4');
  const pci = getPolicy('pci-dss-4');

  it('reserves attempts 1..4 without a lock and locks on the 5th (seed)', () => {
    let state = fresh;
    for (let i = 1; i <= 4; i++) {
      const d = decideAttempt(state, seed, NOW);
      expect(d).toMatchObject({ kind: 'reserved', attempt: i, lockUntil: null });
      if (d.kind === 'reserved') state = d.next;
    }
    const fifth = decideAttempt(state, seed, NOW);
    expect(fifth).toMatchObject({ kind: 'reserved', attempt: 5, lockUntil: at(30 * 60_000) });
    if (fifth.kind !== 'reserved') throw new Error('expected a reservation');
    expect(decideAttempt(fifth.next, seed, NOW)).toEqual({ kind: 'locked', lockUntil: null });
  });

  it('uses the profile threshold and lock length (pci: 10 for 30 minutes, nist: 100 for a day)', () => {
    expect(decideAttempt({ ...fresh, failed_attempts: 9 }, pci, NOW)).toMatchObject({ kind: 'reserved', attempt: 10, lockUntil: at(30 * 60_000) });
    expect(decideAttempt({ ...fresh, failed_attempts: 8 }, pci, NOW)).toMatchObject({ kind: 'reserved', attempt: 9, lockUntil: null });
    expect(decideAttempt({ ...fresh, failed_attempts: 99 }, nist, NOW)).toMatchObject({ kind: 'reserved', attempt: 100, lockUntil: at(24 * 60 * 60_000) });
  });

  it('refuses while locked and starts over once the lock ran out', () => {
    const locked: AttemptState = { failed_attempts: 5, locked_until: at(1), last_attempt_at: NOW };
    expect(decideAttempt(locked, seed, NOW)).toEqual({ kind: 'locked', lockUntil: null });
    expect(decideAttempt({ ...locked, locked_until: NOW }, seed, NOW)).toMatchObject({ kind: 'reserved', attempt: 1, lockExpired: true, lockUntil: null });
  });

  it('locks at once when a stricter profile finds the count already past its threshold', () => {
    expect(decideAttempt({ failed_attempts: 7, locked_until: null, last_attempt_at: null }, seed, NOW)).toEqual({ kind: 'locked', lockUntil: at(30 * 60_000) });
  });

  it('nist: five free failures, then delays doubling from 1 s measured from the last attempt', () => {
    expect(decideAttempt({ failed_attempts: 4, locked_until: null, last_attempt_at: NOW }, nist, NOW)).toMatchObject({ kind: 'reserved', attempt: 5 });
    expect(decideAttempt({ failed_attempts: 5, locked_until: null, last_attempt_at: NOW }, nist, NOW)).toEqual({ kind: 'throttled', retryAt: at(1000) });
    expect(decideAttempt({ failed_attempts: 5, locked_until: null, last_attempt_at: at(-1000) }, nist, NOW)).toMatchObject({ kind: 'reserved', attempt: 6 });
    expect(decideAttempt({ failed_attempts: 8, locked_until: null, last_attempt_at: at(-7000) }, nist, NOW)).toEqual({ kind: 'throttled', retryAt: at(1000) });
  });

  it('never throttles the seed and pci profiles', () => {
    expect(decideAttempt({ failed_attempts: 3, locked_until: null, last_attempt_at: NOW }, seed, NOW)).toMatchObject({ kind: 'reserved' });
    expect(decideAttempt({ failed_attempts: 8, locked_until: null, last_attempt_at: NOW }, pci, NOW)).toMatchObject({ kind: 'reserved' });
  });
});
