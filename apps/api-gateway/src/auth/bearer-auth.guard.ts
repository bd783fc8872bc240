/**
 * Verifies the access token locally (no round trip per request) and applies the route's rules:
 * a token limited to `password:change` reaches only the change-password route, one limited to
 * `mfa:enroll` only the routes that enrol a second factor; a user token needs one of the route's
 * roles (403 FORBIDDEN); every token needs the route's scope (403 INSUFFICIENT_SCOPE). A
 * service-account token has no roles: its scopes are its grant, and it has no user account, so
 * the `self` routes are not for it.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { TokenError, type AccessTokenVerifier, type VerifiedClaims } from '@tr4ction/tokens';
import { TOKEN_STATE, TOKEN_VERIFIER } from '../gateway.tokens';
import type { GatewayTokenState } from '../tokens/token-state';
import { GatewayError } from '../http/problem';
import { parseScope, SELF } from '@tr4ction/contracts';
import { AUTH_RULES, type AuthRules } from './authenticated.decorator';

export const PASSWORD_CHANGE_SCOPE = 'password:change';
export const MFA_ENROLL_SCOPE = 'mfa:enroll';

/** A token from the client_credentials grant (a service account), as opposed to a user's. */
export function isServiceAccountToken(claims: VerifiedClaims): boolean {
  return typeof claims.extra['client_id'] === 'string';
}

export type AuthenticatedRequest = FastifyRequest & {
  auth?: VerifiedClaims;
  /** A valid token whose roles or scopes the route refused (403): who to attribute a recorded refusal to. */
  refusedAuth?: VerifiedClaims;
};

/** A point-in-time read: the query names an instant (even a malformed one: its validation answers 400 after the rules). */
function asksAsOf(req: FastifyRequest): boolean {
  const query = req.query as Record<string, unknown> | undefined;
  return query !== undefined && query !== null && query['as_of'] !== undefined;
}

/**
 * The checks of a protected route, for a request and the rules its handler declares: resolves the
 * verified claims, or throws the GatewayError the client gets. One function for the guard and for
 * the profile fast path (profile-fast-path.hook.ts), so both decide alike.
 */
export function authorizeBearer(req: AuthenticatedRequest, declared: AuthRules, verifier: AccessTokenVerifier, tokens: GatewayTokenState): VerifiedClaims {
  const rules = declared.asOf && asksAsOf(req) ? { ...declared, ...declared.asOf } : declared;
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
  if (!match) throw new GatewayError('UNAUTHENTICATED', 'A bearer access token is required');
  // Until keys and revocations are loaded a revoked token could pass: refuse rather than guess.
  if (!tokens.ready()) throw new GatewayError('SERVICE_UNAVAILABLE', 'Token verification is starting; retry shortly');
  let claims: VerifiedClaims;
  try {
    claims = verifier.verify(match[1]);
  } catch (err) {
    if (err instanceof TokenError) throw new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired');
    throw err;
  }
  if (tokens.revokedReason(claims)) throw new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired');
  const scopes = parseScope(claims.scope);
  if (scopes.includes(PASSWORD_CHANGE_SCOPE) && !rules.allowPasswordChangeScope) {
    throw new GatewayError('PASSWORD_CHANGE_REQUIRED', 'Change your password before using the API');
  }
  if (scopes.includes(MFA_ENROLL_SCOPE) && !rules.allowMfaEnrollScope) {
    throw new GatewayError('MFA_ENROLLMENT_REQUIRED', 'Enrol a second factor (POST /auth/mfa/totp or a passkey) before using the API');
  }
  const serviceAccount = isServiceAccountToken(claims);
  if (!serviceAccount && rules.roles.length && !rules.roles.some((r) => claims.roles.includes(r))) {
    req.refusedAuth = claims;
    throw new GatewayError('FORBIDDEN', 'Your roles do not allow this');
  }
  if (rules.scope === SELF ? serviceAccount : !scopes.includes(rules.scope)) {
    req.refusedAuth = claims;
    throw new GatewayError('INSUFFICIENT_SCOPE', rules.scope === SELF ? 'This route is for user accounts' : `The token lacks the scope ${rules.scope}`);
  }
  return claims;
}

@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const declared = this.reflector.getAllAndOverride<AuthRules>(AUTH_RULES, [ctx.getHandler(), ctx.getClass()]);
    // A guarded route without rules is a programming error: refuse rather than let any token through.
    if (!declared) throw new GatewayError('INSUFFICIENT_SCOPE', 'This route declares no scope');
    req.auth = authorizeBearer(req, declared, this.verifier, this.tokens);
    return true;
  }
}
