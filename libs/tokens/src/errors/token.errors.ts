import type { ErrorCode } from '@tr4ction/contracts';

/**
 * Why a token was refused. A fixed vocabulary, never free text: the reason may be logged or
 * counted in metrics, so it must never be able to carry token or key material.
 */
export type InvalidTokenReason =
  | 'malformed'
  | 'alg_not_allowed'
  | 'alg_mismatch'
  | 'embedded_jwk'
  | 'jku_present'
  | 'x5u_present'
  | 'x5c_present'
  | 'crit_present'
  | 'kid_invalid'
  | 'unknown_kid'
  | 'typ_mismatch'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_claim'
  | 'issuer_mismatch'
  | 'audience_mismatch';

/** Failures of this library's own inputs (configuration, stored keys), not of a presented token. */
export type TokenLibraryReason =
  | 'alg_not_supported'
  | 'key_material_invalid'
  | 'key_alg_mismatch'
  | 'hmac_secret_too_short'
  | 'master_key_invalid'
  | 'master_key_too_short'
  | 'key_decryption_failed'
  | 'claims_invalid'
  | 'reserved_claim'
  | 'illegal_key_transition';

export type TokenErrorReason = InvalidTokenReason | TokenLibraryReason;

const MESSAGES: Readonly<Record<TokenErrorReason, string>> = {
  malformed: 'Invalid token',
  alg_not_allowed: 'Invalid token',
  alg_mismatch: 'Invalid token',
  embedded_jwk: 'Invalid token',
  jku_present: 'Invalid token',
  x5u_present: 'Invalid token',
  x5c_present: 'Invalid token',
  crit_present: 'Invalid token',
  kid_invalid: 'Invalid token',
  unknown_kid: 'Invalid token',
  typ_mismatch: 'Invalid token',
  bad_signature: 'Invalid token',
  expired: 'Invalid token',
  not_yet_valid: 'Invalid token',
  missing_claim: 'Invalid token',
  issuer_mismatch: 'Invalid token',
  audience_mismatch: 'Invalid token',
  alg_not_supported: 'Signing algorithm is not supported',
  key_material_invalid: 'Key material is invalid',
  key_alg_mismatch: 'Key does not match its declared algorithm',
  hmac_secret_too_short: 'HMAC secret must be at least 32 bytes',
  master_key_invalid: 'Master key must be exactly 32 bytes',
  master_key_too_short: 'Master key secret must be at least 32 bytes',
  key_decryption_failed: 'Private key could not be decrypted',
  claims_invalid: 'Access token claims are invalid',
  reserved_claim: 'Extra claims may not override registered claims',
  illegal_key_transition: 'Signing key status transition is not allowed',
};

/**
 * The one error type of this library. The message is chosen from a fixed table by reason, so no
 * caller can accidentally interpolate a token, key or secret into it; no `cause` is attached
 * because underlying library errors may echo inputs.
 */
export class TokenError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: TokenErrorReason,
  ) {
    super(`${MESSAGES[reason]} (${reason})`);
    this.name = TokenError.name;
  }

  static invalidToken(reason: InvalidTokenReason): TokenError {
    return new TokenError('INVALID_TOKEN', reason);
  }

  static internal(reason: TokenLibraryReason): TokenError {
    return new TokenError('INTERNAL', reason);
  }
}

export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError;
}
