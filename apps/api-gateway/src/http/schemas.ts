/** JSON Schemas of request bodies and queries (validation + OpenAPI). */
import type { AuditFilters } from '@tr4ction/audit-chain';
import type { LoginRequest, RegisterRequest } from '@tr4ction/contracts';

/** No control characters (NUL included) in identifiers and names. */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
/** Passwords may hold almost anything, but never NUL (C strings and some stores truncate at it). */
const NO_NUL = '^[^\\u0000]*$';

export const emailSchema = { type: 'string', format: 'email', maxLength: 254, pattern: PRINTABLE } as const;
/** 1 KiB of UTF-8 is at most 1024 characters; the byte cap itself is checked before hashing. */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: 1024, pattern: NO_NUL } as const;

export const registerBodySchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: emailSchema,
    password: passwordSchema,
    name: { type: ['string', 'null'], maxLength: 200, pattern: PRINTABLE },
  },
} as const;

export const loginBodySchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 254, pattern: PRINTABLE }, password: passwordSchema },
} as const;

export const changePasswordBodySchema = {
  type: 'object',
  required: ['current_password', 'new_password'],
  additionalProperties: false,
  properties: { current_password: passwordSchema, new_password: passwordSchema },
} as const;

export const auditQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { type: 'string', maxLength: 64, pattern: '^[A-Za-z]+$' },
    actor_id: { type: 'string', maxLength: 128, pattern: PRINTABLE },
    subject_id: { type: 'string', maxLength: 128, pattern: PRINTABLE },
    outcome: { type: 'string', enum: ['success', 'failure'] },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    trace_id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    cursor: { type: 'string', pattern: '^[0-9]{1,18}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
    format: { type: 'string', enum: ['csv', 'ndjson'] },
  },
} as const;

/** The bodies are the RPC requests they become (the JSON Schemas above are the HTTP side's stricter bounds). */
export type RegisterBody = RegisterRequest;
export type LoginBody = LoginRequest;
export interface ChangePasswordBody {
  current_password: string;
  new_password: string;
}
/** The audit filters plus paging and export options, as they arrive in the query string. */
export interface AuditQueryParams extends AuditFilters {
  cursor?: string;
  limit?: string;
  format?: 'csv' | 'ndjson';
}
