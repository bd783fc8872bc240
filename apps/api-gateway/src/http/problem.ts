/**
 * RFC 9457 problem JSON, the only shape an error leaves the gateway in. Built from a code,
 * never from an exception's message, so no stack, SQL, secret or token can ride along.
 */
import { ERROR_STATUS, type ErrorCode } from '@tr4ction/contracts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  request_id: string;
  violations?: Array<{ rule: string; message: string }>;
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: 'Bad request',
  VALIDATION_FAILED: 'Invalid request',
  MALFORMED_JSON: 'Malformed JSON',
  INVALID_SCOPE: 'Invalid scope',
  UNSUPPORTED_GRANT_TYPE: 'Unsupported grant type',
  PASSWORD_POLICY: 'Password does not meet the policy',
  INVALID_CREDENTIALS: 'Invalid credentials',
  UNAUTHENTICATED: 'Authentication required',
  INVALID_TOKEN: 'Invalid token',
  REFRESH_TOKEN_REUSED: 'Refresh token reused',
  REAUTHENTICATION_REQUIRED: 'Recent authentication required',
  PASSWORD_CHANGE_REQUIRED: 'Password change required',
  MFA_ENROLLMENT_REQUIRED: 'Second factor enrolment required',
  FORBIDDEN: 'Forbidden',
  INSUFFICIENT_SCOPE: 'Insufficient scope',
  NOT_FOUND: 'Not found',
  EMAIL_TAKEN: 'Email already registered',
  CONFLICT: 'Conflict',
  PRECONDITION_FAILED: 'Precondition failed',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  DEPENDENCY_UNAVAILABLE: 'Service unavailable',
  TIMEOUT: 'Timeout',
};

export function problem(code: ErrorCode, detail: string, requestId: string, violations?: Problem['violations']): Problem {
  return {
    type: `https://docs.tr4ction.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code] ?? code,
    status: ERROR_STATUS[code],
    detail,
    code,
    request_id: requestId,
    ...(violations ? { violations } : {}),
  };
}

/** An error a gateway route raises on purpose, with the code it must be answered with. */
export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly violations?: Problem['violations'],
  ) {
    super(detail);
    this.name = 'GatewayError';
  }
}
