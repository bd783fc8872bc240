/** Request schemas of /admin/users (validation + OpenAPI). */
import { ROLES } from '@tr4ction/contracts';
import { emailSchema } from '../http/schemas';

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
const rolesSchema = { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: { type: 'string', enum: [...ROLES] } } as const;

export const createUserBodySchema = {
  type: 'object',
  required: ['email', 'roles'],
  additionalProperties: false,
  properties: {
    email: emailSchema,
    name: { type: ['string', 'null'], maxLength: 200, pattern: PRINTABLE },
    roles: rolesSchema,
  },
} as const;

export const setRolesBodySchema = {
  type: 'object',
  required: ['roles'],
  additionalProperties: false,
  properties: { roles: rolesSchema },
} as const;

/** `as_of` (with `role` and `status`) makes it a point-in-time read; audit-service validates the instant. */
export const listUsersQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
    as_of: { type: 'string', maxLength: 64 },
    role: { type: 'string', enum: [...ROLES] },
    status: { type: 'string', enum: ['active', 'locked'] },
  },
} as const;

export const asOfQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { as_of: { type: 'string', maxLength: 64 } },
} as const;

export const historyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', pattern: '^[0-9]{1,18}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
} as const;

export interface AsOfQuery {
  as_of?: string;
}
export interface HistoryQuery {
  cursor?: string;
  limit?: string;
}

export interface CreateUserBody {
  email: string;
  name?: string | null;
  roles: string[];
}
export interface SetRolesBody {
  roles: string[];
}
export interface ListUsersQuery {
  cursor?: string;
  limit?: string;
  as_of?: string;
  role?: string;
  status?: string;
}
