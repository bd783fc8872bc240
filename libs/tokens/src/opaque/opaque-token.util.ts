import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Prefixes make a leaked value recognisable to secret scanners and to people reading a log
 * redaction report, and let an endpoint refuse the wrong kind of secret early.
 */
export const OPAQUE_TOKEN_PREFIXES = {
  refresh_token: 'rt_',
  client_secret: 'sk_',
  /** The short-lived, single-use token between a login's password and its second factor. */
  mfa_token: 'mt_',
} as const;

export type OpaqueTokenKind = keyof typeof OPAQUE_TOKEN_PREFIXES;

/** 256 bits: out of reach of guessing, and the contract's minimum for client secrets. */
export const OPAQUE_TOKEN_MIN_BYTES = 32;

export function generateOpaqueToken(kind: OpaqueTokenKind, bytes: number = OPAQUE_TOKEN_MIN_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < OPAQUE_TOKEN_MIN_BYTES) {
    throw new RangeError(`Opaque tokens need at least ${OPAQUE_TOKEN_MIN_BYTES} random bytes`);
  }
  return `${OPAQUE_TOKEN_PREFIXES[kind]}${randomBytes(bytes).toString('base64url')}`;
}

export function opaqueTokenKind(token: string): OpaqueTokenKind | undefined {
  for (const [kind, prefix] of Object.entries(OPAQUE_TOKEN_PREFIXES)) {
    if (token.startsWith(prefix)) return kind as OpaqueTokenKind;
  }
  return undefined;
}

/**
 * SHA-256, hex. A plain fast hash is right here, unlike for passwords: the input carries 256 bits
 * of randomness, so there is nothing to brute-force and no salt or slow KDF adds protection,
 * while a deterministic hash lets the store look the token up by its hash in one indexed query.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const HEX = /^[0-9a-f]*$/i;

/**
 * Constant-time comparison of two hex digests. Lengths are not secret (every digest of one kind
 * has the same length), so a length mismatch may return early.
 */
export function safeEqualHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (a.length !== b.length || a.length === 0 || a.length % 2 !== 0) return false;
  if (!HEX.test(a) || !HEX.test(b)) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase(), 'hex'), Buffer.from(b.toLowerCase(), 'hex'));
}
