/**
 * The error side of the OpenAPI document: the `ErrorCode` enum (the keys of ERROR_STATUS), the
 * `Problem` shape of RFC 9457, an example per code built by the same `problem()` the gateway answers
 * with, and the per-status responses of an operation. Each response names the codes it can carry
 * (`code` narrowed to them) and references their examples.
 */
import { ERROR_STATUS, type ErrorCode } from '@tr4ction/contracts';
import { problem } from '../problem';
import { oauthErrorFor, type OAuthErrorName } from '../../oauth/oauth.errors';

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
const PROBLEM_JSON = 'application/problem+json';
const OAUTH_ERRORS: OAuthErrorName[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'insufficient_scope',
  'temporarily_unavailable',
  'server_error',
];

/** A typical `detail` of each code, for the examples (the real ones say what was wrong, never echoing a value). */
const EXAMPLE_DETAILS: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Idempotency-Key must be one header of 16 to 255 visible ASCII characters (a random UUID fits)',
  VALIDATION_FAILED: 'email is required; password is too long',
  PASSWORD_POLICY: 'The password does not meet the password policy',
  MALFORMED_JSON: 'The body is not valid JSON',
  INVALID_SCOPE: 'The scope audit:read is not granted to this client',
  UNSUPPORTED_GRANT_TYPE: 'Only the client_credentials grant is offered here',
  INVALID_CREDENTIALS: 'Invalid credentials',
  UNAUTHENTICATED: 'A bearer access token is required',
  INVALID_TOKEN: 'The access token is invalid or expired',
  REFRESH_TOKEN_REUSED: 'This refresh token was already used; the session is ended',
  REAUTHENTICATION_REQUIRED: 'Sign in again (password and second factor) to do this',
  PASSWORD_CHANGE_REQUIRED: 'Change your password before using the API',
  MFA_ENROLLMENT_REQUIRED: 'Enrol a second factor (POST /auth/mfa/totp or a passkey) before using the API',
  FORBIDDEN: 'Your roles do not allow this',
  INSUFFICIENT_SCOPE: 'The token lacks the scope users:read',
  NOT_FOUND: 'No such user',
  EMAIL_TAKEN: 'This email is already registered',
  CONFLICT: 'The resource changed meanwhile; read it again',
  PRECONDITION_FAILED: 'If-Match names a version that is no longer current',
  PAYLOAD_TOO_LARGE: 'The body is larger than allowed',
  UNSUPPORTED_MEDIA_TYPE: 'The request cannot be read',
  RATE_LIMITED: 'Too many attempts; retry after the time in Retry-After',
  INTERNAL: 'An internal error occurred',
  SERVICE_UNAVAILABLE: 'A service did not answer in time',
  DEPENDENCY_UNAVAILABLE: 'The database is unavailable',
  TIMEOUT: 'The operation did not finish in time',
};

const EXAMPLE_REQUEST_ID = '0193a4f2-7c1e-7b3d-9a51-3f0c2d8e6b10';

export const PROBLEM_SCHEMAS = {
  ErrorCode: { type: 'string', enum: ERROR_CODES, description: 'The stable `code` of every problem answer (libs/contracts ERROR_STATUS)' },
  Violation: { type: 'object', required: ['rule', 'message'], properties: { rule: { type: 'string' }, message: { type: 'string' } } },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem JSON: the only shape an error leaves the gateway in',
    required: ['type', 'title', 'status', 'detail', 'code', 'request_id'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      code: { $ref: '#/components/schemas/ErrorCode' },
      request_id: { type: 'string' },
      violations: { type: 'array', items: { $ref: '#/components/schemas/Violation' }, description: 'PASSWORD_POLICY: each rule the password breaks' },
    },
  },
  OAuthProblem: {
    description: 'Problem JSON with the RFC 6749 5.2 `error` and `error_description` beside it (the OAuth endpoints)',
    allOf: [{ $ref: '#/components/schemas/Problem' }],
    type: 'object',
    required: ['error', 'error_description'],
    properties: { error: { type: 'string', enum: OAUTH_ERRORS }, error_description: { type: 'string' } },
  },
};

function exampleBody(code: ErrorCode, oauth: boolean): Record<string, unknown> {
  const violations = code === 'PASSWORD_POLICY' ? [{ rule: 'min_length', message: 'At least 12 characters' }] : undefined;
  const body = problem(code, EXAMPLE_DETAILS[code], EXAMPLE_REQUEST_ID, violations);
  return oauth ? { ...body, error: oauthErrorFor(code), error_description: body.detail } : { ...body };
}

/** `components.examples` for the codes some operation answers: `<CODE>`, and `oauth.<CODE>` in the OAuth endpoints' form. */
export function problemExamples(used: { plain: Set<ErrorCode>; oauth: Set<ErrorCode> }): Record<string, { summary: string; value: Record<string, unknown> }> {
  return Object.fromEntries([
    ...ERROR_CODES.filter((code) => used.plain.has(code)).map((code) => [code, { summary: code, value: exampleBody(code, false) }]),
    ...ERROR_CODES.filter((code) => used.oauth.has(code)).map((code) => [`oauth.${code}`, { summary: code, value: exampleBody(code, true) }]),
  ]);
}

/** One response per status, each listing its codes (in ERROR_STATUS order) with their examples. */
export function problemResponses(codes: Iterable<ErrorCode>, oauth: boolean): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>();
  const wanted = new Set(codes);
  for (const code of ERROR_CODES.filter((c) => wanted.has(c))) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const shape = oauth ? 'OAuthProblem' : 'Problem';
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: `Problem JSON: ${list.join(', ')}`,
          ...(status === 429 || status === 503
            ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } }
            : {}),
          content: {
            [PROBLEM_JSON]: {
              schema: {
                allOf: [{ $ref: `#/components/schemas/${shape}` }],
                type: 'object',
                required: ['code'],
                properties: { code: { type: 'string', enum: list } },
              },
              examples: Object.fromEntries(list.map((code) => [code, { $ref: `#/components/examples/${oauth ? 'oauth.' : ''}${code}` }])),
            },
          },
        },
      ]),
  );
}
