/**
 * RFC 6749 5.2 errors at the OAuth endpoints: every error body is still problem JSON (one shape
 * for every client of the gateway), with the standard `error` and `error_description` beside it so
 * an OAuth library reads it as it expects.
 */
import type { ErrorCode } from '@tr4ction/contracts';

export type OAuthErrorName =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'insufficient_scope'
  | 'temporarily_unavailable'
  | 'server_error';

const BY_CODE: Partial<Record<ErrorCode, OAuthErrorName>> = {
  BAD_REQUEST: 'invalid_request',
  VALIDATION_FAILED: 'invalid_request',
  MALFORMED_JSON: 'invalid_request',
  UNSUPPORTED_MEDIA_TYPE: 'invalid_request',
  PAYLOAD_TOO_LARGE: 'invalid_request',
  INVALID_CREDENTIALS: 'invalid_client',
  UNAUTHENTICATED: 'invalid_client',
  INVALID_SCOPE: 'invalid_scope',
  UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  INSUFFICIENT_SCOPE: 'insufficient_scope',
  FORBIDDEN: 'unauthorized_client',
  RATE_LIMITED: 'temporarily_unavailable',
  SERVICE_UNAVAILABLE: 'temporarily_unavailable',
  DEPENDENCY_UNAVAILABLE: 'temporarily_unavailable',
  TIMEOUT: 'temporarily_unavailable',
};

export function oauthErrorFor(code: ErrorCode): OAuthErrorName {
  return BY_CODE[code] ?? 'server_error';
}
