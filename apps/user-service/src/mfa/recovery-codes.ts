/**
 * Recovery codes: ten single-use codes of 10 characters (50 random bits) each, shown once. Stored
 * as HMAC-SHA256 under MFA_ENCRYPTION_KEY and bound to the user, so the table alone cannot be
 * brute-forced and a row copied to another user does not match; a keyed fast hash (not argon2)
 * lets a presented code be found and spent in one indexed, atomic UPDATE.
 */
import { createHmac, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no I, L, O, U, so a code read aloud or off paper is hard to mistype.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const HALF = 5;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: HALF * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, HALF)}-${chars.slice(HALF)}`;
  });
}

/** Case, dashes and blanks do not matter; the letters Crockford leaves out read as the digits they resemble. */
export function normalizeRecoveryCode(code: string): string | undefined {
  const value = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (value.length !== HALF * 2 || [...value].some((c) => !ALPHABET.includes(c))) return undefined;
  return value;
}

export function hashRecoveryCode(key: Buffer, userId: string, code: string): string | undefined {
  const normalized = normalizeRecoveryCode(code);
  if (normalized === undefined) return undefined;
  return createHmac('sha256', key).update(`${userId}:${normalized}`, 'utf8').digest('hex');
}
