/** Stable error codes (the `code` of problem JSON) and the HTTP status each maps to at the gateway. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  PASSWORD_POLICY: 400,
  MALFORMED_JSON: 400,
  /** OAuth token endpoint (RFC 6749 5.2): a scope not granted to the client; a grant type not offered. */
  INVALID_SCOPE: 400,
  UNSUPPORTED_GRANT_TYPE: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  REAUTHENTICATION_REQUIRED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_ENROLLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  /** A valid token without the scope the route needs (RFC 6750 insufficient_scope). */
  INSUFFICIENT_SCOPE: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  DEPENDENCY_UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}
