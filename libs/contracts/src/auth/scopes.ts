/**
 * The OAuth scopes of the platform: what a token may do. Users get the scopes of their roles
 * (ROLE_SCOPES); a service account gets exactly the scopes granted at its creation, which must be
 * GRANTABLE_SCOPES. Restricted scopes are never granted by a role or to a service account: the
 * issuer puts one alone in a user's token to confine it to one step (`password:change` until the
 * forced password change is done; `mfa:enroll` is added the same way).
 *
 * ROUTE_SCOPES says which scope each protected gateway route needs; the gateway's routes declare
 * it and a spec holds the OpenAPI document to this table.
 */
import type { Role } from './roles';

export const SCOPE_DESCRIPTIONS = {
  'users:read': 'Read user accounts, their roles, status and history',
  'users:write': 'Create and delete users, change roles, unlock, reset passwords',
  'audit:read': 'Read, export and verify the audit log',
  'keys:read': 'List signing keys',
  'keys:rotate': 'Rotate and revoke signing keys',
  'tokens:revoke': "Revoke a user's tokens, or every token (emergency)",
  'settings:read': 'Read runtime settings',
  'settings:write': 'Change runtime settings',
  'service-accounts:read': 'List service accounts and their scopes',
  'service-accounts:write': 'Create, rotate and revoke service accounts',
  'metrics:read': 'Scrape the platform metrics',
  'tokens:introspect': 'Introspect tokens (RFC 7662)',
  'password:change': 'Restricted: only change the password (a forced change is due)',
  'mfa:enroll': 'Restricted: only enrol a second factor (the role requires one)',
} as const;

export type Scope = keyof typeof SCOPE_DESCRIPTIONS;
export const SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as Scope[];

/** Scopes that confine a token to one step; never granted by a role or to a service account. */
export const RESTRICTED_SCOPES: readonly Scope[] = ['password:change', 'mfa:enroll'];

export const GRANTABLE_SCOPES: readonly Scope[] = SCOPES.filter((s) => !RESTRICTED_SCOPES.includes(s));

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  admin: GRANTABLE_SCOPES,
  auditor: ['audit:read'],
  founder: [],
};

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCOPE_DESCRIPTIONS, value);
}

export function isGrantableScope(value: unknown): value is Scope {
  return isScope(value) && !RESTRICTED_SCOPES.includes(value);
}

/** The scopes a user with these roles gets, sorted, each once (unknown roles grant nothing). */
export function scopesForRoles(roles: readonly string[]): Scope[] {
  const granted = new Set<Scope>();
  for (const role of roles) for (const s of ROLE_SCOPES[role as Role] ?? []) granted.add(s);
  return SCOPES.filter((s) => granted.has(s));
}

/** A token's `scope` claim as a list (RFC 6749 3.3: space separated). */
export function parseScope(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean);
}

/**
 * What each protected gateway route needs: a scope, or `self` for the routes on the caller's own
 * user account (any user's token, never a service account's). Keys are `METHOD /path` as routed.
 */
export const SELF = 'self';
export type RouteRequirement = Scope | typeof SELF;

export const ROUTE_SCOPES: Record<string, RouteRequirement> = {
  'GET /auth/me': SELF,
  'POST /auth/change-password': SELF,
  'POST /auth/logout': SELF,
  'GET /auth/sessions': SELF,
  'DELETE /auth/sessions': SELF,
  'DELETE /auth/sessions/{id}': SELF,
  'GET /admin/users/{id}/sessions': 'users:read',
  'POST /admin/users/{id}/mfa/reset': 'users:write',
  'GET /auth/mfa': SELF,
  'POST /auth/mfa/totp': SELF,
  'POST /auth/mfa/totp/{id}/confirm': SELF,
  'POST /auth/mfa/webauthn/registration-options': SELF,
  'POST /auth/mfa/webauthn': SELF,
  'DELETE /auth/mfa/{id}': SELF,
  'POST /auth/mfa/recovery-codes': SELF,
  'DELETE /admin/users/{id}/sessions': 'tokens:revoke',
  'GET /admin/users': 'users:read',
  // Point-in-time reads (admin or auditor); the list routes asked `as_of` need `audit:read` too.
  'GET /admin/users/{id}': 'audit:read',
  'GET /admin/users/{id}/history': 'audit:read',
  'POST /admin/users': 'users:write',
  'DELETE /admin/users/{id}': 'users:write',
  'PUT /admin/users/{id}/roles': 'users:write',
  'POST /admin/users/{id}/unlock': 'users:write',
  'POST /admin/users/{id}/reset-password': 'users:write',
  'POST /admin/users/{id}/revoke-tokens': 'tokens:revoke',
  'GET /admin/keys': 'keys:read',
  'POST /admin/keys/rotate': 'keys:rotate',
  'POST /admin/keys/{kid}/revoke': 'keys:rotate',
  'POST /admin/tokens/revoke-all': 'tokens:revoke',
  'GET /admin/service-accounts': 'service-accounts:read',
  'POST /admin/service-accounts': 'service-accounts:write',
  'POST /admin/service-accounts/{id}/rotate': 'service-accounts:write',
  'DELETE /admin/service-accounts/{id}': 'service-accounts:write',
  'GET /admin/settings': 'settings:read',
  'PUT /admin/settings': 'settings:write',
  'GET /audit/events': 'audit:read',
  'GET /audit/events/export': 'audit:read',
  'GET /audit/verify': 'audit:read',
  'GET /metrics': 'metrics:read',
};
