import { generateKeyPairSync } from 'node:crypto';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { NatsContext } from '@nestjs/microservices';
import { RPC, type RequestMeta } from '@tr4ction/contracts';
import { ServiceError } from '@tr4ction/messaging';
import { MessageSigner, MessageVerifier, OperatorAssertionVerifier, signOperatorAssertion } from '@tr4ction/security';
import { AccessTokenSigner, AccessTokenVerifier, generateSigningKey, TokenState, type AsymmetricSigningKey } from '@tr4ction/tokens';
import { TOKEN_AUDIENCE, tokenIssuer } from '../jwt-secret';

const TOKEN_ISSUER = tokenIssuer({ ISSUER_URL: 'http://localhost:8000' });
import { LocalAccessTokenJudge } from './access-token-judge';
import { RpcProofChecker } from './rpc-proof.checker';
import { RpcProofGuard } from './rpc-proof.guard';
import type { RefusalSink, Refusal } from './rpc-refusal.recorder';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

/** Fake: collects refusals in memory instead of writing them to the outbox. */
class FakeRefusalSink implements RefusalSink {
  readonly recorded: Array<{ pattern: string; refusal: Refusal }> = [];
  record(pattern: string, refusal: Refusal): Promise<void> {
    this.recorded.push({ pattern, refusal });
    return Promise.resolve();
  }
}

async function setup() {
  let now = T0;
  const key = await generateSigningKey('ES256');
  const signingKey: AsymmetricSigningKey = { kid: key.kid, alg: 'ES256', privatePem: key.privatePem };
  const state = new TokenState('asymmetric', () => now);
  state.replaceKeys([{ kid: key.kid, alg: 'ES256', status: 'active', public_pem: key.publicPem, jwk: key.publicJwk }]);
  state.applySnapshot({ issuer: TOKEN_ISSUER, denied: [], user_cutoffs: [], global_not_before: null });
  const verifier = new AccessTokenVerifier({
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    allowedAlgs: ['ES256'],
    resolveKey: (kid) => state.resolveKey(kid),
    now: () => now,
  });
  const issuer = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, now: () => now });
  const token = (sub: string, roles: string[], scope = 'api') => issuer.sign({ sub, roles, scope }, signingKey);

  const cliKey = generateKeyPairSync('ed25519');
  const cli = new MessageSigner('cli', cliKey.privateKey);
  const operators = new OperatorAssertionVerifier(new MessageVerifier(new Map([['cli', [cliKey.publicKey]]])), { maxTtlSeconds: 60, now: () => now });
  const assertion = (pattern: string, data: unknown, signer = cli) =>
    signOperatorAssertion(signer, { operator: 'alice', pattern, data, ttlSeconds: 60, nowMs: now });

  const sink = new FakeRefusalSink();
  const sut = new RpcProofGuard(new RpcProofChecker({ tokens: new LocalAccessTokenJudge({ state, verifier }), operators }), sink);
  const call = async (pattern: string, meta: Partial<RequestMeta> & Pick<RequestMeta, 'actor'>, data: unknown) => {
    const envelope = { meta, data };
    const host = new ExecutionContextHost([envelope, new NatsContext([pattern, undefined])]);
    host.setType('rpc');
    const allowed = await sut.canActivate(host);
    return { allowed, envelope };
  };
  const refusal = async (pattern: string, meta: Partial<RequestMeta> & Pick<RequestMeta, 'actor'>, data: unknown) => {
    const error = await call(pattern, meta, data).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ServiceError)) throw new Error(`expected a refusal of ${pattern}`);
    return { code: error.code, reason: sink.recorded.at(-1)?.refusal.reason, recorded: sink.recorded.at(-1) };
  };
  return { sut, sink, call, refusal, token, state, assertion, clock: { advance: (ms: number) => (now += ms) } };
}

const CLAIMED_CLI = { type: 'cli' as const, id: 'anyone' };
const ADMIN_ID = '0190f0c8-0000-7000-8000-000000000001';
const FOUNDER_ID = '0190f0c8-0000-7000-8000-000000000002';

describe(RpcProofGuard.name, () => {
  it('refuses reset-password claimed by the CLI with no proof, and records who it claimed to be', async () => {
    const { refusal } = await setup();
    const r = await refusal(RPC.user.resetPassword, { actor: CLAIMED_CLI }, { email: 'admin@tr4ction.com' });
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'proof_missing' });
    expect(r.recorded?.refusal).toMatchObject({ actor: CLAIMED_CLI, actorVerified: false, proof: 'none' });
  });

  it('lets a token with no roles act on exactly the scopes it carries (a service account)', async () => {
    const { call, refusal, token } = await setup();
    const reader = {
      actor: { type: 'service_account' as const, id: 'sa-1' },
      proof: { kind: 'access_token' as const, token: token('sa-1', [], 'keys:read audit:read').token },
    };
    expect((await call(RPC.rotation.listKeys, reader, {})).allowed).toBe(true);
    expect((await call(RPC.audit.query, reader, {})).allowed).toBe(true);
    expect(await refusal(RPC.rotation.rotateKeys, reader, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'insufficient_role' });
    expect(await refusal(RPC.user.list, reader, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'insufficient_role' });
  });

  it("refuses a founder's valid token for an admin pattern, naming the verified founder", async () => {
    const { refusal, token } = await setup();
    const r = await refusal(
      RPC.user.setRoles,
      { actor: { type: 'user', id: ADMIN_ID }, proof: { kind: 'access_token', token: token(FOUNDER_ID, ['founder']).token } },
      { user_id: FOUNDER_ID, roles: ['admin'] },
    );
    expect(r).toMatchObject({ code: 'FORBIDDEN', reason: 'insufficient_role' });
    expect(r.recorded?.refusal).toMatchObject({ actor: { type: 'user', id: FOUNDER_ID }, actorVerified: true, proof: 'access_token' });
  });

  it('lets an admin token through and replaces the claimed actor by the verified one, dropping the proof', async () => {
    const { call, token } = await setup();
    const { allowed, envelope } = await call(
      RPC.user.resetPassword,
      { actor: { type: 'cli', id: 'someone' }, proof: { kind: 'access_token', token: token(ADMIN_ID, ['admin']).token } },
      { user_id: FOUNDER_ID },
    );
    expect(allowed).toBe(true);
    expect(envelope.meta).toEqual({ actor: { type: 'user', id: ADMIN_ID } });
  });

  it('refuses expired and revoked admin tokens', async () => {
    const { refusal, token, state, clock } = await setup();
    const revoked = token(ADMIN_ID, ['admin']);
    state.deny(TOKEN_ISSUER, revoked.jti);
    expect(await refusal(RPC.auth.revokeAll, { actor: CLAIMED_CLI, proof: { kind: 'access_token', token: revoked.token } }, { reason: 'x' })).toMatchObject({
      code: 'INVALID_TOKEN',
      reason: 'proof_revoked',
    });
    const old = token(ADMIN_ID, ['admin']);
    clock.advance(3600_000);
    expect(await refusal(RPC.auth.revokeAll, { actor: CLAIMED_CLI, proof: { kind: 'access_token', token: old.token } }, { reason: 'x' })).toMatchObject({
      code: 'INVALID_TOKEN',
      reason: 'proof_expired',
    });
    expect(await refusal(RPC.auth.revokeAll, { actor: CLAIMED_CLI, proof: { kind: 'access_token', token: 'e30.e30.sig' } }, { reason: 'x' })).toMatchObject({
      code: 'INVALID_TOKEN',
      reason: 'proof_invalid',
    });
  });

  it('accepts a signed CLI assertion where the table allows one, with the operator as actor', async () => {
    const { call, assertion } = await setup();
    const data = { email: 'admin@tr4ction.com' };
    const { allowed, envelope } = await call(
      RPC.user.resetPassword,
      { actor: CLAIMED_CLI, proof: { kind: 'operator_assertion', assertion: assertion(RPC.user.resetPassword, data) } },
      data,
    );
    expect(allowed).toBe(true);
    expect(envelope.meta.actor).toEqual({ type: 'cli', id: 'alice' });
  });

  it('refuses a forged, a moved and a misplaced CLI assertion', async () => {
    const { refusal, assertion } = await setup();
    const data = { email: 'admin@tr4ction.com' };
    const forger = new MessageSigner('cli', generateKeyPairSync('ed25519').privateKey);
    const forged = await refusal(
      RPC.user.resetPassword,
      { actor: CLAIMED_CLI, proof: { kind: 'operator_assertion', assertion: assertion(RPC.user.resetPassword, data, forger) } },
      data,
    );
    expect(forged).toMatchObject({ code: 'INVALID_TOKEN', reason: 'proof_invalid' });
    const moved = await refusal(
      RPC.user.resetPassword,
      { actor: CLAIMED_CLI, proof: { kind: 'operator_assertion', assertion: assertion(RPC.user.resetPassword, data) } },
      { email: 'other@tr4ction.com' },
    );
    expect(moved).toMatchObject({ reason: 'proof_invalid' });
    // Set-roles has no CLI command: a valid assertion made for it still does not open it.
    const roles = { user_id: FOUNDER_ID, roles: ['admin'] };
    const misplaced = await refusal(
      RPC.user.setRoles,
      { actor: CLAIMED_CLI, proof: { kind: 'operator_assertion', assertion: assertion(RPC.user.setRoles, roles) } },
      roles,
    );
    expect(misplaced).toMatchObject({ code: 'FORBIDDEN', reason: 'operator_not_allowed' });
    expect(misplaced.recorded?.refusal).toMatchObject({ actor: { type: 'cli', id: 'alice' }, actorVerified: true });
  });

  it('lets a user change only their own password, also with a password:change token, and nothing else with it', async () => {
    const { call, refusal, token } = await setup();
    const forced = token(FOUNDER_ID, ['founder'], 'password:change').token;
    expect(
      (
        await call(
          RPC.user.changePassword,
          { actor: { type: 'user', id: FOUNDER_ID }, proof: { kind: 'access_token', token: forced } },
          { user_id: FOUNDER_ID },
        )
      ).allowed,
    ).toBe(true);
    expect(
      await refusal(
        RPC.user.changePassword,
        { actor: { type: 'user', id: ADMIN_ID }, proof: { kind: 'access_token', token: token(ADMIN_ID, ['admin']).token } },
        { user_id: FOUNDER_ID },
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'not_subject' });
    expect(
      await refusal(RPC.user.me, { actor: { type: 'user', id: FOUNDER_ID }, proof: { kind: 'access_token', token: forced } }, { user_id: FOUNDER_ID }),
    ).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
  });

  it('lets an mfa:enroll token read and enrol its own second factor and log out, and nothing else; removing one needs a full token', async () => {
    const { call, refusal, token } = await setup();
    const enrol = token(ADMIN_ID, ['admin'], 'mfa:enroll').token;
    const own = { actor: { type: 'user' as const, id: ADMIN_ID }, proof: { kind: 'access_token' as const, token: enrol } };
    for (const pattern of [RPC.user.mfa.status, RPC.user.mfa.startTotp, RPC.user.mfa.confirmTotp]) {
      expect((await call(pattern, own, { user_id: ADMIN_ID })).allowed).toBe(true);
    }
    expect((await call(RPC.auth.logout, own, { sub: ADMIN_ID })).allowed).toBe(true);
    expect(await refusal(RPC.user.mfa.remove, own, { user_id: ADMIN_ID, factor_id: 'f1' })).toMatchObject({
      code: 'MFA_ENROLLMENT_REQUIRED',
      reason: 'mfa_enrollment_required',
    });
    expect(await refusal(RPC.user.list, own, {})).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', reason: 'mfa_enrollment_required' });
    const full = { actor: { type: 'user' as const, id: ADMIN_ID }, proof: { kind: 'access_token' as const, token: token(ADMIN_ID, ['admin']).token } };
    expect((await call(RPC.user.mfa.remove, full, { user_id: ADMIN_ID, factor_id: 'f1' })).allowed).toBe(true);
    // Even an admin's own full token cannot enrol or remove another user's factor: only reset it.
    expect(await refusal(RPC.user.mfa.startTotp, full, { user_id: FOUNDER_ID })).toMatchObject({ code: 'FORBIDDEN', reason: 'not_subject' });
    expect((await call(RPC.user.mfa.reset, full, { user_id: FOUNDER_ID })).allowed).toBe(true);
  });

  it('accepts a signed CLI assertion for reset-mfa (tr4ction admin reset-mfa)', async () => {
    const { call, assertion } = await setup();
    const data = { email: 'ada@example.com' };
    const { allowed } = await call(
      RPC.user.mfa.reset,
      { actor: CLAIMED_CLI, proof: { kind: 'operator_assertion', assertion: assertion(RPC.user.mfa.reset, data) } },
      data,
    );
    expect(allowed).toBe(true);
  });

  it('lets a user read their own profile and an admin read anyone', async () => {
    const { call, refusal, token } = await setup();
    expect(
      (
        await call(
          RPC.user.me,
          { actor: { type: 'user', id: FOUNDER_ID }, proof: { kind: 'access_token', token: token(FOUNDER_ID, ['founder']).token } },
          { user_id: FOUNDER_ID },
        )
      ).allowed,
    ).toBe(true);
    expect(
      (
        await call(
          RPC.user.me,
          { actor: { type: 'user', id: ADMIN_ID }, proof: { kind: 'access_token', token: token(ADMIN_ID, ['admin']).token } },
          { user_id: FOUNDER_ID },
        )
      ).allowed,
    ).toBe(true);
    expect(
      await refusal(
        RPC.user.me,
        { actor: { type: 'user', id: FOUNDER_ID }, proof: { kind: 'access_token', token: token(FOUNDER_ID, ['founder']).token } },
        { user_id: ADMIN_ID },
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a pattern with no rule, and passes service, credential and public patterns without proof', async () => {
    const { call, refusal } = await setup();
    expect(await refusal('rpc.user.new-handler-nobody-declared', { actor: CLAIMED_CLI }, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'no_rule' });
    for (const pattern of [RPC.rotation.publicKeys, RPC.auth.login, RPC.user.register, RPC.ping('user-service')]) {
      expect((await call(pattern, { actor: { type: 'system', id: null } }, {})).allowed).toBe(true);
    }
  });

  it('refuses while keys and revocations are not loaded yet, rather than guess', async () => {
    const { token } = await setup();
    const empty = new TokenState('asymmetric', () => T0);
    const verifier = new AccessTokenVerifier({
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      allowedAlgs: ['ES256'],
      resolveKey: () => undefined,
      now: () => T0,
    });
    const checker = new RpcProofChecker({
      tokens: new LocalAccessTokenJudge({ state: empty, verifier }),
      operators: { verify: () => ({ ok: false, reason: 'invalid' }) },
    });
    const decision = await checker.check(RPC.user.list, { actor: CLAIMED_CLI, proof: { kind: 'access_token', token: token(ADMIN_ID, ['admin']).token } }, {});
    expect(decision).toMatchObject({ allowed: false, reason: 'verifier_not_ready' });
  });

  it('leaves JetStream event handlers and HTTP alone', async () => {
    const { sut } = await setup();
    const http = new ExecutionContextHost([{}, {}]);
    expect(await sut.canActivate(http)).toBe(true);
    const jetstream = new ExecutionContextHost([{}, { notNats: true }]);
    jetstream.setType('rpc');
    expect(await sut.canActivate(jetstream)).toBe(true);
  });
});
