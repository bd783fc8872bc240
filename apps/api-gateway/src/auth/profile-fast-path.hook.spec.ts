import Fastify, { type FastifyInstance } from 'fastify';
import type { PublicUser } from '@tr4ction/contracts';
import { TokenError, type AccessTokenVerifier, type VerifiedClaims } from '@tr4ction/tokens';
import type { GatewayTokenState } from '../tokens/token-state';
import { AuthController } from './auth.controller';
import { installProfileFastPath, PROFILE_ROUTE } from './profile-fast-path.hook';

const USER: VerifiedClaims = { iss: 'i', sub: 'u-1', aud: ['a'], exp: 2, iat: 1, jti: 'j', roles: ['user'], scope: '', kid: 'k', alg: 'RS256', extra: {} };
const PROFILE = { id: 'u-1', email: 'someone@example.com', name: 'Someone' } as unknown as PublicUser;

// A bare Fastify with a stand-in for the controller's route: which requests the hook answers from
// the cache, and which it leaves to the controller (whose guard then answers them as before).
describe(installProfileFastPath.name, () => {
  let app: FastifyInstance;
  let controllerCalls: number;
  const tokens: Record<string, VerifiedClaims> = {
    user: USER,
    sa: { ...USER, sub: 'sa-1', extra: { client_id: 'sa-abc' } },
    'first-login': { ...USER, scope: 'password:change' },
    'mfa-enrol': { ...USER, scope: 'mfa:enroll' },
    revoked: { ...USER, jti: 'revoked' },
    uncached: { ...USER, sub: 'u-2' },
  };
  let ready = true;

  beforeEach(async () => {
    controllerCalls = 0;
    ready = true;
    const fakeVerifier = {
      verify: (token: string) => {
        const claims = tokens[token];
        if (!claims) throw TokenError.invalidToken('bad_signature');
        return claims;
      },
    } as unknown as AccessTokenVerifier;
    const fakeState = {
      ready: () => ready,
      revokedReason: (c: VerifiedClaims) => (c.jti === 'revoked' ? 'denylisted' : undefined),
    } as unknown as GatewayTokenState;
    const fakeCache = { cached: (id: string) => (id === 'u-1' ? PROFILE : undefined) };
    app = Fastify();
    installProfileFastPath(app, { verifier: fakeVerifier, tokens: fakeState, profiles: fakeCache, handler: AuthController.prototype.me });
    app.get(PROFILE_ROUTE, async () => {
      controllerCalls++;
      return { from: 'controller' };
    });
    app.get('/auth/other', async () => ({ from: 'other' }));
    await app.ready();
  });
  afterEach(() => app.close());

  const me = (token?: string, method: 'GET' | 'HEAD' = 'GET', url = PROFILE_ROUTE) =>
    app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers a valid user token whose profile is cached from the cache, without the controller', async () => {
    const res = await me('user');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(PROFILE);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(controllerCalls).toBe(0);
  });

  it.each([
    ['no token', undefined],
    ['a token that does not verify', 'garbage'],
    ['a revoked token', 'revoked'],
    ['a service account (the route is for user accounts)', 'sa'],
    ['a password-change-only token', 'first-login'],
    ['an enrol-a-second-factor-only token', 'mfa-enrol'],
    ['a profile that is not cached', 'uncached'],
  ])('leaves %s to the controller', async (_case, token) => {
    const res = await me(token);
    expect(res.json()).toEqual({ from: 'controller' });
    expect(controllerCalls).toBe(1);
  });

  it('leaves everything to the controller until token verification is ready', async () => {
    ready = false;
    expect((await me('user')).json()).toEqual({ from: 'controller' });
  });

  it('touches no other route or method', async () => {
    expect((await me('user', 'GET', '/auth/other')).json()).toEqual({ from: 'other' });
    const head = await me('user', 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(controllerCalls).toBe(1);
  });
});
