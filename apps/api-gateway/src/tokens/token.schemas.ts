/** JSON Schemas of the token, key and service-account endpoints (validation + OpenAPI). */
import { GRANTABLE_SCOPES, type SecretRef } from '@tr4ction/contracts';
import { GatewayError } from '../http/problem';

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
/** Our opaque tokens: a kind prefix and base64url; anything else is refused before any lookup. */
const REFRESH_TOKEN = { type: 'string', minLength: 10, maxLength: 200, pattern: '^rt_[A-Za-z0-9_-]+$' } as const;
const REASON = { type: 'string', minLength: 1, maxLength: 500, pattern: PRINTABLE } as const;

export const refreshBodySchema = {
  type: 'object',
  required: ['refresh_token'],
  additionalProperties: false,
  properties: { refresh_token: REFRESH_TOKEN },
} as const;

export const logoutBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { refresh_token: REFRESH_TOKEN },
} as const;

export const revokeAllBodySchema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: REASON },
} as const;

export const revokeBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: REASON },
} as const;

export const createServiceAccountBodySchema = {
  type: 'object',
  required: ['name', 'scopes'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE },
    // Only scopes of the table, never a restricted one (rotation-service checks again).
    scopes: { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', enum: [...GRANTABLE_SCOPES] } },
    expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 },
    // The store the platform writes the secret to and rotates it in (issue 18); never a value.
    secret_ref: {
      type: 'object',
      required: ['provider', 'name'],
      additionalProperties: false,
      properties: {
        provider: { type: 'string', enum: ['file', 'aws-secrets-manager', 'aws-ssm'] },
        name: { type: 'string', minLength: 1, maxLength: 512, pattern: '^/?[A-Za-z][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)*$' },
      },
    },
  },
} as const;

export const KID_PARAM = /^[A-Za-z0-9_-]{1,64}$/;
export const UUID_PARAM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RefreshBody {
  refresh_token: string;
}
export interface LogoutBody {
  refresh_token?: string;
}
export interface ReasonBody {
  reason: string;
}
export interface OptionalReasonBody {
  reason?: string;
}
export interface CreateServiceAccountBody {
  name: string;
  scopes: string[];
  expires_in_days?: number;
  secret_ref?: SecretRef;
}

/** Path parameters are checked here, since they bypass the body schemas. */
export function checkParam(value: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new GatewayError('VALIDATION_FAILED', `${what} is malformed`);
  return value;
}
