import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiExtension, ApiOAuth2 } from '@nestjs/swagger';
import { SELF, type RouteRequirement, type Scope } from '@tr4ction/contracts';
import { AUTH_EXTENSION, type AuthExtension } from '../http/openapi/api-contract.decorator';
import { BearerAuthGuard } from './bearer-auth.guard';

export const AUTH_RULES = 'tr4ction:auth-rules';
/** The OpenAPI security scheme every protected operation names, with its scope (see main.ts). */
export const OAUTH2_SCHEME = 'oauth2';

export interface AuthRules {
  /**
   * The scope the token must carry (403 INSUFFICIENT_SCOPE without it), or `self` for a route on
   * the caller's own user account (any user's token, no service account's).
   */
  scope: RouteRequirement;
  /** For user tokens, any one of these roles grants access (403 FORBIDDEN otherwise); empty = any role. */
  roles: string[];
  /** The one route a password-change-only token may call. */
  allowPasswordChangeScope: boolean;
  /** The routes an enrolment-only token (`mfa:enroll`) may call: reading and enrolling second factors. */
  allowMfaEnrollScope: boolean;
  /**
   * The rules of the same route asked `as_of` an instant (a point-in-time read of the audit trail):
   * other roles and scope apply then (admin or auditor, `audit:read`).
   */
  asOf?: { scope: Scope; roles: string[] };
}

/** The point-in-time rule (docs/api.md, docs/point-in-time.md): admins and auditors, with `audit:read`. */
export const AS_OF_RULES = { scope: 'audit:read', roles: ['admin', 'auditor'] } as const satisfies { scope: Scope; roles: string[] };

/** A protected route: the scope it needs is required, so no route can forget to declare one. */
export function Authenticated(rules: Pick<AuthRules, 'scope'> & Partial<AuthRules>): MethodDecorator {
  return applyDecorators(
    SetMetadata(AUTH_RULES, {
      scope: rules.scope,
      roles: rules.roles ?? [],
      allowPasswordChangeScope: rules.allowPasswordChangeScope ?? false,
      allowMfaEnrollScope: rules.allowMfaEnrollScope ?? false,
      ...(rules.asOf ? { asOf: rules.asOf } : {}),
    } satisfies AuthRules),
    UseGuards(BearerAuthGuard),
    ApiOAuth2(rules.scope === SELF ? [] : [rules.scope], OAUTH2_SCHEME),
    // The problems a protected route can answer follow from these rules (completeOpenApi).
    ApiExtension(AUTH_EXTENSION, {
      roles: (rules.roles ?? []).length > 0,
      allowPasswordChangeScope: rules.allowPasswordChangeScope ?? false,
      allowMfaEnrollScope: rules.allowMfaEnrollScope ?? false,
    } satisfies AuthExtension),
  );
}
