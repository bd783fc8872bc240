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

export const listUsersQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
  },
} as const;

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
}
