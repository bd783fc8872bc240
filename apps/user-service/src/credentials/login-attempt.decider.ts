/**
 * Whether a login attempt may verify a password, decided from the account's counters while its
 * row is locked. The attempt is counted before the password is checked (a reservation), so
 * concurrent wrong guesses can never verify more passwords than the profile's threshold, and the
 * reservation that reaches the threshold already sets the lock: a process dying mid-check still
 * leaves a lock that expires on its own.
 */
import { throttleDelaySeconds, type PasswordPolicy } from '@tr4ction/security';

export interface AttemptState {
  failed_attempts: number;
  locked_until: Date | null;
  last_attempt_at: Date | null;
}

export type AttemptDecision =
  /** Refused without verifying. `lockUntil` is set when the account must be locked now (see below). */
  | { kind: 'locked'; lockUntil: Date | null }
  /** NIST profile: refused without verifying until the growing delay has passed. */
  | { kind: 'throttled'; retryAt: Date }
  | {
      kind: 'reserved';
      /** The attempt's number among consecutive failures (1-based). */
      attempt: number;
      /** Set when this attempt reaches the threshold: the lock it placed. */
      lockUntil: Date | null;
      /** A lock had run out: this attempt starts a fresh count (AccountUnlocked by expiry). */
      lockExpired: boolean;
      next: AttemptState;
    };

export function decideAttempt(state: AttemptState, policy: PasswordPolicy, now: Date): AttemptDecision {
  const { maxFailures, lockMinutes } = policy.lockout;
  const lockEnd = new Date(now.getTime() + lockMinutes * 60_000);
  if (state.locked_until && state.locked_until.getTime() > now.getTime()) return { kind: 'locked', lockUntil: null };
  const lockExpired = state.locked_until !== null;
  const failures = lockExpired ? 0 : state.failed_attempts;
  // Already at the threshold without a lock: the profile was switched to a stricter one. Lock now
  // rather than refuse forever.
  if (failures >= maxFailures) return { kind: 'locked', lockUntil: lockEnd };
  if (!lockExpired && state.last_attempt_at) {
    const delay = throttleDelaySeconds(policy, failures);
    const retryAt = new Date(state.last_attempt_at.getTime() + delay * 1000);
    if (delay > 0 && retryAt.getTime() > now.getTime()) return { kind: 'throttled', retryAt };
  }
  const attempt = failures + 1;
  const lockUntil = attempt >= maxFailures ? lockEnd : null;
  return { kind: 'reserved', attempt, lockUntil, lockExpired, next: { failed_attempts: attempt, locked_until: lockUntil, last_attempt_at: now } };
}
