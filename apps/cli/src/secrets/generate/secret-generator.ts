/**
 * Random secrets, what the runbook used `openssl rand -hex N` / `openssl rand -base64 N` for:
 * N bytes from the operating system's CSPRNG, printed as hex or standard base64 (with padding,
 * the same text openssl prints).
 */
import { randomBytes } from 'node:crypto';

export const SECRET_ENCODINGS = ['hex', 'base64'] as const;
export type SecretEncoding = (typeof SECRET_ENCODINGS)[number];

export const MIN_SECRET_BYTES = 1;
export const MAX_SECRET_BYTES = 1024;
/** JWT_SECRET_KEY and service-account secrets need at least this many random bytes. */
export const RECOMMENDED_SECRET_BYTES = 32;

export function generateSecret(encoding: SecretEncoding, bytes: number, random: (n: number) => Buffer = randomBytes): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`bytes must be a whole number between ${MIN_SECRET_BYTES} and ${MAX_SECRET_BYTES}`);
  }
  return random(bytes).toString(encoding);
}
