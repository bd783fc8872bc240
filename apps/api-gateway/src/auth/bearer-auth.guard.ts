/**
 * Verifies the access token locally (no round trip per request) and applies the route's rules:
 * a token limited to `password:change` reaches only the change-password route.
 */
import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { TokenError, type AccessTokenVerifier, type VerifiedClaims } from '@tr4ction/tokens';
import { TOKEN_VERIFIER, USER_TOKEN_CUTOFFS } from '../gateway.tokens';
import { GatewayError } from '../http/problem';
import { AUTH_RULES, type AuthRules } from './authenticated.decorator';
import type { UserTokenCutoffs } from './user-token-cutoffs';

export const PASSWORD_CHANGE_SCOPE = 'password:change';

export type AuthenticatedRequest = FastifyRequest & { auth?: VerifiedClaims };

@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Optional() @Inject(USER_TOKEN_CUTOFFS) private readonly cutoffs?: UserTokenCutoffs,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const rules = this.reflector.getAllAndOverride<AuthRules>(AUTH_RULES, [ctx.getHandler(), ctx.getClass()]) ?? { roles: [], allowPasswordChangeScope: false };
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    if (!match) throw new GatewayError('UNAUTHENTICATED', 'A bearer access token is required');
    let claims: VerifiedClaims;
    try {
      claims = this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof TokenError) throw new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired');
      throw err;
    }
    // An admin revoked this user's tokens after this one was issued.
    if (this.cutoffs?.isRevoked(claims.sub, claims.iat)) throw new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired');
    const scopes = claims.scope.split(' ');
    if (scopes.includes(PASSWORD_CHANGE_SCOPE) && !rules.allowPasswordChangeScope) {
      throw new GatewayError('PASSWORD_CHANGE_REQUIRED', 'Change your password before using the API');
    }
    if (rules.roles.length && !rules.roles.some((r) => claims.roles.includes(r))) {
      throw new GatewayError('FORBIDDEN', 'Your roles do not allow this');
    }
    req.auth = claims;
    return true;
  }
}
