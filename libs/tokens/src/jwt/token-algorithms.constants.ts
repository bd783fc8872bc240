/** Algorithms a signing key can be generated for (EdDSA is generated and measured, see below). */
import type { SigningKeyAlg } from '@tr4ction/contracts';
export type { SigningKeyAlg };

/**
 * Algorithms access tokens can actually be signed and verified with. jsonwebtoken 9 (under
 * @nestjs/jwt) has no EdDSA, and hand-rolling JWS for one algorithm is not worth the risk, so
 * EdDSA stays out until the JWT library supports it. HS256 exists only for the runbook's
 * `JWT_ALGORITHM=HS256` shared-secret mode.
 */
export type AccessTokenAlg = 'RS256' | 'ES256' | 'HS256';

export const ACCESS_TOKEN_ALGS: readonly AccessTokenAlg[] = ['RS256', 'ES256', 'HS256'];

/**
 * RS256 because it verifies fastest: on the development machine ~30k bare verifies/s per core
 * against ~11k for ES256 and ~7k for EdDSA, and ~14k against ~7.5k through AccessTokenVerifier
 * (see verify-speed.util.ts). Verification runs on every gateway request, signing only at login
 * and refresh. The costs: larger tokens (342-character signature instead of 86) and slower
 * signing (~1.4k/s per core against ~24k/s for ES256).
 */
export const DEFAULT_ACCESS_TOKEN_ALG: AccessTokenAlg = 'RS256';

/** Fifteen minutes: short enough that revocation lists stay small, long enough to spare refreshes. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** RFC 9068 access-token media type, set in `typ` so an ID token or other JWT cannot pass as one. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/** A kid is an opaque lookup key; this shape rules out path traversal, quotes and SQL fragments. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isAccessTokenAlg(value: unknown): value is AccessTokenAlg {
  return typeof value === 'string' && (ACCESS_TOKEN_ALGS as readonly string[]).includes(value);
}

export function isValidKid(value: unknown): value is string {
  return typeof value === 'string' && KID_PATTERN.test(value);
}
