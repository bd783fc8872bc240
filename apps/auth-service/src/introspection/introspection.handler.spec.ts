import { randomBytes } from 'node:crypto';
import { RPC, type IntrospectionReply, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { IntrospectingAccessTokenJudge, LocalAccessTokenJudge, TOKEN_AUDIENCE, tokenIssuer, type RpcProof } from '@tr4ction/platform';
import { AccessTokenSigner, AccessTokenVerifier, hmacKeyId, TokenState } from '@tr4ction/tokens';
import { IntrospectionHandler } from './introspection.handler';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const TOKEN_ISSUER = tokenIssuer({ ISSUER_URL: 'http://localhost:8000' });

function setup() {
  const secret = randomBytes(32).toString('hex');
  const state = new TokenState('hmac', () => T0);
  state.setHmacSecret(hmacKeyId(secret), secret, 60_000);
  state.applySnapshot({ issuer: TOKEN_ISSUER, denied: [], user_cutoffs: [], global_not_before: null });
  const verifier = new AccessTokenVerifier({
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    allowedAlgs: ['HS256'],
    resolveKey: (kid) => state.resolveKey(kid),
    now: () => T0,
  });
  const signer = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, now: () => T0 });
  const issue = (sub: string, roles: string[], extra?: Record<string, unknown>) =>
    signer.sign({ sub, roles, scope: 'api', ...(extra ? { extra } : {}) }, { alg: 'HS256', secret });
  const sut = new IntrospectionHandler({ localJudge: new LocalAccessTokenJudge({ state, verifier }) } as unknown as RpcProof);
  const meta: RequestMeta = { actor: { type: 'system', id: 'user-service' } };
  return { sut, state, issue, meta };
}

describe(IntrospectionHandler.name, () => {
  it('answers who a valid HS256 token stands for, and nothing for a bad, foreign or revoked one', () => {
    const { sut, state, issue, meta } = setup();
    const admin = issue('admin-1', ['admin']);
    expect(sut.introspect({ meta, data: { token: admin.token } })).toEqual({ active: true, subject: { sub: 'admin-1', roles: ['admin'], scope: 'api' } });
    expect(sut.introspect({ meta, data: { token: issue('sa-1', [], { client_id: 'c1' }).token } })).toMatchObject({
      active: true,
      subject: { sub: 'sa-1', client_id: 'c1' },
    });

    const foreign = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, now: () => T0 }).sign(
      { sub: 'admin-1', roles: ['admin'], scope: 'api' },
      { alg: 'HS256', secret: randomBytes(32) },
    );
    expect(sut.introspect({ meta, data: { token: foreign.token } })).toEqual({ active: false, reason: 'invalid' });
    expect(sut.introspect({ meta, data: { token: 42 } })).toEqual({ active: false, reason: 'invalid' });
    state.deny(TOKEN_ISSUER, admin.jti);
    expect(sut.introspect({ meta, data: { token: admin.token } })).toEqual({ active: false, reason: 'revoked' });
  });

  it('is what an HS256 service without the secret asks through IntrospectingAccessTokenJudge', async () => {
    const { sut, issue } = setup();
    /** Fake: hands the request straight to the handler instead of crossing NATS. */
    const fakeRpc = {
      send: (pattern: string, meta: RequestMeta, data: { token: string }): Promise<IntrospectionReply> => {
        expect(pattern).toBe(RPC.auth.introspect);
        return Promise.resolve(sut.introspect({ meta, data }));
      },
    } as unknown as RpcClient;
    const judge = new IntrospectingAccessTokenJudge(fakeRpc, 'user-service');
    expect(judge.notReady()).toBeUndefined();
    await expect(judge.judge(issue('u1', ['founder']).token)).resolves.toEqual({ ok: true, subject: { sub: 'u1', roles: ['founder'], scope: 'api' } });
    await expect(judge.judge('e30.e30.x')).resolves.toEqual({ ok: false, reason: 'invalid' });
  });
});
