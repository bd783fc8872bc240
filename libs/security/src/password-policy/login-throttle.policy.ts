/** Lockout and throttling decisions for a count of consecutive failed logins. */
import type { PasswordPolicy } from './password-policy.types';

/** Exponent beyond which 2^n would only ever hit the cap; avoids Infinity for absurd counts. */
const MAX_DOUBLINGS = 30;

/**
 * Seconds the next login attempt must wait after `failures` consecutive failures.
 * Zero for profiles without throttling (they lock instead) and below the free allowance.
 */
export function throttleDelaySeconds(policy: PasswordPolicy, failures: number): number {
  const throttle = policy.lockout.throttle;
  const count = sanitizeCount(failures);
  if (throttle === null || count < throttle.freeFailures) return 0;
  const doublings = Math.min(count - throttle.freeFailures, MAX_DOUBLINGS);
  return Math.min(throttle.baseSeconds * 2 ** doublings, throttle.maxSeconds);
}

/** How long a lock set now lasts, in seconds. */
export function lockDurationSeconds(policy: PasswordPolicy): number {
  return policy.lockout.lockMinutes * 60;
}

function sanitizeCount(failures: number): number {
  return Number.isFinite(failures) && failures > 0 ? Math.floor(failures) : 0;
}
