import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { TokenError } from '../errors/token.errors';

const MIN_HMAC_SECRET_BYTES = 32;

/**
 * The kid for the runbook's shared-secret mode. Derived from the secret so that two secrets can
 * verify side by side during a change; an HMAC under the secret reveals nothing an HS256 token
 * signature does not already expose.
 */
export function hmacKeyId(secret: string | Buffer): string {
  const digest = createHmac('sha256', toSecretBytes(secret)).update('tr4ction/hs256-kid/v1').digest('base64url');
  return `hs256-${digest.slice(0, 22)}`;
}

/** RFC 7518 3.2: an HS256 key shorter than the hash output is not allowed. */
export function hmacKeyObject(secret: string | Buffer): KeyObject {
  return createSecretKey(toSecretBytes(secret));
}

function toSecretBytes(secret: string | Buffer): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.isBuffer(secret) ? secret : undefined;
  if (!bytes || bytes.length < MIN_HMAC_SECRET_BYTES) throw TokenError.internal('hmac_secret_too_short');
  return bytes;
}
