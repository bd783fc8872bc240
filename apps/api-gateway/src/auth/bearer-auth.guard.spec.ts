import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AccessTokenVerifier, VerifiedClaims } from '@tr4ction/tokens';
import type { GatewayTokenState } from '../tokens/token-state';
import { AS_OF_RULES, AUTH_RULES, type AuthRules } from './authenticated.decorator';
import { BearerAuthGuard, type AuthenticatedRequest } from './bearer-auth.guard';

const BASE: VerifiedClaims = { iss: 'i', sub: 'u-1', aud: ['a'], exp: 2, iat: 1, jti: 'j', roles: [], scope: '', kid: 'k', alg: 'RS256', extra: {} };
const ADMIN: VerifiedClaims = { ...BASE, roles: ['admin'], scope: 'users:read users:write audit:read' };
const FOUNDER: VerifiedClaims = { ...BASE, roles: ['founder'], scope: '' };
const AUDITOR_ONLY_SA: VerifiedClaims = { ...BASE, sub: 'sa-1', scope: 'audit:read', extra: { client_id: 'sa-abc' } };
const FIRST_LOGIN: VerifiedClaims = { ...ADMIN, scope: 'password:change' };

function setup(claims: VerifiedClaims) {
  const fakeVerifier = { verify: () => claims } as unknown as AccessTokenVerifier;
  const fakeState = { ready: () => true, revokedReason: () => undefined } as unknown as GatewayTokenState;
  const sut = new BearerAuthGuard(new Reflector(), fakeVerifier, fakeState);
  const run = (rules: Partial<AuthRules> & Pick<AuthRules, 'scope'>, query: Record<string, string> = {}) => {
    const handler = () => undefined;
    Reflect.defineMetadata(AUTH_RULES, { roles: [], allowPasswordChangeScope: false, ...rules }, handler);
    const req = { headers: { authorization: 'Bearer a.b.c' }, query } as unknown as AuthenticatedRequest;
    const ctx = { switchToHttp: () => ({ getRequest: () => req }), getHandler: () => handler, getClass: () => class {} } as unknown as ExecutionContext;
    try {
      sut.canActivate(ctx);
      return { ok: true as const, req };
    } catch (err) {
      return { ok: false as const, code: (err as { code?: string }).code, req };
    }
  };
  return { run };
}

describe(BearerAuthGuard.name, () => {
  it('lets a token with the route’s scope (and a user with its role) through', () => {
    const { run } = setup(ADMIN);
    expect(run({ scope: 'users:read', roles: ['admin'] }).ok).toBe(true);
  });

  it('refuses a token without the scope with 403 INSUFFICIENT_SCOPE, remembering who was refused', () => {
    const { run } = setup(ADMIN);
    const res = run({ scope: 'keys:rotate', roles: ['admin'] });
    expect(res).toMatchObject({ ok: false, code: 'INSUFFICIENT_SCOPE' });
    expect(res.req.refusedAuth?.sub).toBe('u-1');
  });

  it('a service account is judged by its scopes only: audit:read passes /audit/*, nothing else', () => {
    const { run } = setup(AUDITOR_ONLY_SA);
    expect(run({ scope: 'audit:read', roles: ['admin', 'auditor'] }).ok).toBe(true);
    expect(run({ scope: 'users:read', roles: ['admin'] })).toMatchObject({ ok: false, code: 'INSUFFICIENT_SCOPE' });
    expect(run({ scope: 'self' })).toMatchObject({ ok: false, code: 'INSUFFICIENT_SCOPE' });
  });

  it('applies the point-in-time rules to a read asked as_of an instant, and the route’s own rules otherwise', () => {
    const AUDITOR: VerifiedClaims = { ...BASE, roles: ['auditor'], scope: 'audit:read' };
    const rules = { scope: 'users:read' as const, roles: ['admin'], asOf: AS_OF_RULES };
    expect(setup(AUDITOR).run(rules, { as_of: '2026-03-03T12:00:00Z' }).ok).toBe(true);
    expect(setup(AUDITOR).run(rules)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(setup(FOUNDER).run(rules, { as_of: 'x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(setup({ ...ADMIN, scope: 'users:read' }).run(rules, { as_of: 'x' })).toMatchObject({ ok: false, code: 'INSUFFICIENT_SCOPE' });
  });

  it('a user whose roles do not allow the route gets 403 FORBIDDEN; the self routes take any user', () => {
    const { run } = setup(FOUNDER);
    expect(run({ scope: 'audit:read', roles: ['admin', 'auditor'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(run({ scope: 'self' }).ok).toBe(true);
  });

  it('keeps a password:change token to the routes that allow it (403 PASSWORD_CHANGE_REQUIRED elsewhere)', () => {
    const { run } = setup(FIRST_LOGIN);
    expect(run({ scope: 'users:read', roles: ['admin'] })).toMatchObject({ ok: false, code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(run({ scope: 'self' })).toMatchObject({ ok: false, code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(run({ scope: 'self', allowPasswordChangeScope: true }).ok).toBe(true);
  });
});
