/**
 * GET /auth/me, which a frontend calls on every page, answered from the profile cache before Nest's
 * pipeline. The profile was already in this gateway's memory, yet each request still went through
 * Nest's router context, guard, handler and response mapping. The token is checked by the guard's
 * own function (authorizeBearer) with the rules the controller declares, in a preHandler hook, so
 * every onRequest hook (trace, CORS, security headers, no-store) has run as for any route.
 * Anything else (no token, a refusal, a profile not cached) goes on to the controller, which
 * answers exactly as before: every error keeps its one path.
 */
import { Reflector } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AccessTokenVerifier } from '@tr4ction/tokens';
import { routedPath } from '../rate-limit/routed-path';
import type { GatewayTokenState } from '../tokens/token-state';
import { AUTH_RULES, type AuthRules } from './authenticated.decorator';
import { authorizeBearer, type AuthenticatedRequest } from './bearer-auth.guard';
import type { ProfileCache } from './profile-cache';

export const PROFILE_ROUTE = '/auth/me';

export interface ProfileFastPathDeps {
  verifier: AccessTokenVerifier;
  tokens: GatewayTokenState;
  profiles: Pick<ProfileCache, 'cached'>;
  /** The controller method serving PROFILE_ROUTE: its declared rules are the ones applied here. */
  handler: (...args: never[]) => unknown;
}

export function installProfileFastPath(fastify: FastifyInstance, deps: ProfileFastPathDeps): void {
  const declared = new Reflector().get<AuthRules | undefined>(AUTH_RULES, deps.handler);
  if (!declared) throw new Error(`${PROFILE_ROUTE} declares no auth rules`);
  const rules: AuthRules = declared;
  fastify.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'GET' || routedPath(req) !== PROFILE_ROUTE) return done();
    const profile = cachedProfile(req as AuthenticatedRequest);
    if (!profile) return done();
    // Answered here: Fastify's callback hooks stop when done is not called.
    void reply.send(profile);
  });

  function cachedProfile(req: AuthenticatedRequest) {
    try {
      const claims = authorizeBearer(req, rules, deps.verifier, deps.tokens);
      const profile = deps.profiles.cached(claims.sub);
      if (profile) req.auth = claims;
      return profile;
    } catch {
      // The controller's guard refuses it again, with its problem JSON.
      return undefined;
    }
  }
}
