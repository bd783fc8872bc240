import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { BearerAuthGuard } from './bearer-auth.guard';

export const AUTH_RULES = 'tr4ction:auth-rules';

export interface AuthRules {
  /** Any one of these roles grants access; empty = any authenticated user. */
  roles: string[];
  /** The one route a password-change-only token may call. */
  allowPasswordChangeScope: boolean;
  /** The routes an enrolment-only token (`mfa:enroll`) may call: reading and enrolling second factors. */
  allowMfaEnrollScope: boolean;
}

export function Authenticated(rules: Partial<AuthRules> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(AUTH_RULES, { roles: rules.roles ?? [], allowPasswordChangeScope: rules.allowPasswordChangeScope ?? false, allowMfaEnrollScope: rules.allowMfaEnrollScope ?? false } satisfies AuthRules),
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
  );
}
