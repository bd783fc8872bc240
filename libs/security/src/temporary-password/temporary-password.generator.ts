/**
 * Temporary passwords for admin-created and admin-reset accounts (shown once, changed at first
 * login). Drawn with crypto.randomInt, which is uniform (no modulo bias).
 */
import { randomInt } from 'node:crypto';
import { checkPassword } from '../password-policy/password-policy.checker';
import type { PasswordPolicy } from '../password-policy/password-policy.types';

export const MIN_TEMPORARY_PASSWORD_LENGTH = 20;

// Look-alikes (0/O, 1/l/I) are left out because these passwords are often read aloud or retyped;
// 20 characters from the remaining 68 still give about 120 bits.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// No quotes, backslash, space or characters that shells and URLs treat specially.
const SYMBOLS = '!#%*+-=?@^_~';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/** Attempts before giving up; a random draw failing the policy (e.g. the blocklist) is astronomically rare. */
const MAX_ATTEMPTS = 10;

/** A random password with every character class that passes `policy` (with no personal context). */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const length = Math.max(MIN_TEMPORARY_PASSWORD_LENGTH, policy.minLength);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = draw(length);
    if (checkPassword(policy, candidate).length === 0) return candidate;
  }
  throw new Error(`Could not generate a temporary password for policy ${policy.name}`);
}

function draw(length: number): string {
  // One of each class guarantees composition; the rest come from the union, then all is shuffled
  // so the guaranteed characters are not at predictable positions.
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map(pick);
  while (chars.length < length) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}
