/**
 * The caller proves itself; the receiver decides. An intruder with a plain connection to the
 * stack's NATS asks user-service directly (no gateway in between) to reset the admin's password or
 * promote a founder: without proof, with a founder's token, with a revoked or expired admin token,
 * with a forged CLI assertion. Each is refused with the code the gateway would map to 401/403,
 * changes nothing (the admin's password still works, roles unchanged), and leaves an `RpcRefused`
 * record in the audit log. A valid admin token and a CLI assertion signed with the CLI identity's
 * own key work, once.
 */
import { randomUUID, generateKeyPairSync } from 'node:crypto';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import { RPC, type EventDataMap, type RequestMeta, type RequestProof } from '@tr4ction/contracts';
import type { ApiSchema } from '@tr4ction/http-api';
import { MessageSigner, signOperatorAssertion } from '@tr4ction/security';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { ADMIN_EMAIL, adminToken, login as accountLogin } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { MINUTE, register, relaunch, strongPassword, token, uniqueEmail } from '../support/identity';

const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';

interface NestReply<T> {
  response?: T;
  err?: { code: string; message: string };
}

/** An RpcRefused audit record: the document types a record's data as any object, the event catalogue says what it holds. */
type RefusedRecord = Omit<ApiSchema<'AuditRecord'>, 'data'> & { data: EventDataMap['RpcRefused'] };

function asRefused(items: ApiSchema<'AuditRecord'>[] = []): RefusedRecord[] {
  return items.map((r) => ({ ...r, data: r.data as EventDataMap['RpcRefused'] }));
}

const REFUSAL_WINDOW_SECONDS = 3;

describe('every request carries its own proof (e2e)', () => {
  let stack: ServiceStack;
  let nc: NatsConnection;
  let admin: string;
  let adminApi: ApiClient;
  let founder: { id: string; email: string; password: string; token: string };
  let cli: MessageSigner;
  const codec = JSONCodec<unknown>();
  /** The intruder's claimed identity: unique per run, so the audit query finds exactly its records. */
  const intruder = `intruder-${randomUUID()}`;

  /** A raw request in the wire format of the services' NATS transport, from no service at all. */
  async function ask<T>(
    pattern: string,
    data: unknown,
    proof?: RequestProof,
    actor: RequestMeta['actor'] = { type: 'cli', id: intruder },
  ): Promise<NestReply<T>> {
    const meta: RequestMeta = { actor, ...(proof ? { proof } : {}) };
    const reply = await nc.request(pattern, codec.encode({ pattern, data: { meta, data }, id: randomUUID() }), { timeout: 10_000 });
    return codec.decode(reply.data) as NestReply<T>;
  }

  async function refusedRecords(actorId: string, reason: string): Promise<RefusedRecord[]> {
    const res = await adminApi.GET('/audit/events', { params: { query: { type: 'RpcRefused', actor_id: actorId, limit: '100' } } });
    expect(res.response.status).toBe(200);
    return asRefused(res.data?.items).filter((r) => r.data.reason === reason);
  }

  async function expectAudited(actorId: string, reason: string, pattern: string = RPC.user.resetPassword): Promise<RefusedRecord> {
    const [record] = await waitFor(
      async () => {
        const found = (await refusedRecords(actorId, reason)).filter((r) => r.data.pattern === pattern);
        return found.length ? found : undefined;
      },
      { timeoutMs: 30_000, what: `an RpcRefused record (${reason})` },
    );
    expect(record).toMatchObject({ type: 'RpcRefused', outcome: 'failure', subject: { type: 'rpc', id: pattern }, source: { service: 'user-service' } });
    return record;
  }

  async function adminPasswordStillWorks(): Promise<void> {
    expect((await accountLogin(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  }

  async function founderRoles(): Promise<string[]> {
    const res = await adminApi.GET('/admin/users', { params: { query: { limit: '100' } } });
    expect(res.response.status).toBe(200);
    // Without `as_of` the answer is today's page, never the as-of one.
    const users = res.data && !('as_of' in res.data) ? res.data.items : [];
    return users.find((u) => u.id === founder.id)?.roles ?? [];
  }

  beforeAll(async () => {
    // A short window, so the flood's collapsed record arrives within the test.
    stack = await ServiceStack.start({ env: { RPC_REFUSAL_WINDOW_SECONDS: String(REFUSAL_WINDOW_SECONDS) } });
    nc = await connect(stack.nats.connectOptions());
    admin = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    adminApi = apiClient(stack.baseUrl, admin);
    const email = uniqueEmail('founder');
    const password = strongPassword();
    await register(stack.baseUrl, email, password);
    const t = await token(stack.baseUrl, email, password);
    const me = await apiClient(stack.baseUrl, t).GET('/auth/me');
    founder = { id: me.data?.id ?? '', email, password, token: t };
    cli = stack.busKeys.signer('cli');
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('refuses reset-password claimed by the CLI with no proof, changes nothing, and audits the refusal', async () => {
    const reply = await ask<{ temporary_password?: string }>(RPC.user.resetPassword, { email: ADMIN_EMAIL });
    expect(reply.response).toBeUndefined();
    expect(reply.err).toMatchObject({ code: 'UNAUTHENTICATED' });
    await adminPasswordStillWorks();
    const record = await expectAudited(intruder, 'proof_missing');
    expect(record.actor).toEqual({ type: 'cli', id: intruder });
    expect(record.data).toMatchObject({ proof: 'none', actor_verified: false });
  });

  it("refuses a founder's own valid token for reset-password and for promoting themself", async () => {
    const proof: RequestProof = { kind: 'access_token', token: founder.token };
    expect((await ask(RPC.user.resetPassword, { email: ADMIN_EMAIL }, proof)).err).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ask(RPC.user.setRoles, { user_id: founder.id, roles: ['founder', 'admin'] }, proof)).err).toMatchObject({ code: 'FORBIDDEN' });
    await adminPasswordStillWorks();
    expect(await founderRoles()).toEqual(['founder']);
    // The refusal names the verified founder, not the CLI the message claimed to be.
    const record = await expectAudited(founder.id, 'insufficient_role');
    expect(record.actor).toEqual({ type: 'user', id: founder.id });
    expect(record.data).toMatchObject({ proof: 'access_token', actor_verified: true });
    await expectAudited(founder.id, 'insufficient_role', RPC.user.setRoles);
  });

  it('refuses a revoked admin token', async () => {
    const session = await accountLogin(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(session.access_token).toBeDefined();
    const revoked = String(session.access_token);
    expect((await apiClient(stack.baseUrl, revoked).POST('/auth/logout', { body: {} })).response.status).toBe(204);
    const marker = `revoked-${randomUUID()}`;
    // Waited for on a read, so that no reset can act while the revocation is still on its way.
    await waitFor(
      async () =>
        (await ask(RPC.user.list, {}, { kind: 'access_token', token: revoked }, { type: 'cli', id: marker })).err?.code === 'INVALID_TOKEN' ? true : undefined,
      {
        timeoutMs: 15_000,
        what: 'user-service to learn of the logout',
      },
    );
    const reply = await ask(RPC.user.resetPassword, { email: ADMIN_EMAIL }, { kind: 'access_token', token: revoked }, { type: 'cli', id: marker });
    expect(reply.err).toMatchObject({ code: 'INVALID_TOKEN' });
    await adminPasswordStillWorks();
    expect((await expectAudited(marker, 'proof_revoked')).data).toMatchObject({ proof: 'access_token', actor_verified: false });
  });

  it('refuses a CLI assertion signed with any key but the CLI identity’s own', async () => {
    const data = { email: ADMIN_EMAIL };
    const forger = new MessageSigner('cli', generateKeyPairSync('ed25519').privateKey);
    const assertion = signOperatorAssertion(forger, { operator: 'root', pattern: RPC.user.resetPassword, data, ttlSeconds: 60 });
    const reply = await ask(RPC.user.resetPassword, data, { kind: 'operator_assertion', assertion });
    expect(reply.err).toMatchObject({ code: 'INVALID_TOKEN' });
    await adminPasswordStillWorks();
    expect((await expectAudited(intruder, 'proof_invalid')).data).toMatchObject({ proof: 'operator_assertion' });
  });

  it('acts on a valid admin token, as the admin it proves, whatever the message claims', async () => {
    const reply = await ask<{ temporary_password: string }>(RPC.user.resetPassword, { user_id: founder.id }, { kind: 'access_token', token: admin });
    expect(reply.err).toBeUndefined();
    expect(typeof reply.response?.temporary_password).toBe('string');
    const adminId = (await adminApi.GET('/auth/me')).data?.id;
    const records = await waitFor(
      async () => {
        const items = (await adminApi.GET('/audit/events', { params: { query: { type: 'PasswordResetByAdmin', subject_id: founder.id } } })).data?.items ?? [];
        return items.length ? items : undefined;
      },
      { timeoutMs: 30_000, what: 'the reset record' },
    );
    expect(records[0].actor).toEqual({ type: 'user', id: adminId });
  });

  it('checks a proven request against its schema before the handler: VALIDATION_FAILED names the path, never the value, and nothing changes', async () => {
    const before = await founderRoles();
    const malformed = await ask(RPC.user.setRoles, { user_id: founder.id, roles: 'admin' }, { kind: 'access_token', token: admin });
    expect(malformed.response).toBeUndefined();
    expect(malformed.err).toMatchObject({ code: 'VALIDATION_FAILED', violations: [expect.objectContaining({ rule: '/roles' })] });
    expect(await founderRoles()).toEqual(before);
    const secret = `hunter2-${randomUUID()}`;
    const login = await ask(RPC.auth.login, { email: founder.email, password: { value: secret } });
    expect(login.err).toMatchObject({ code: 'VALIDATION_FAILED', violations: [expect.objectContaining({ rule: '/password' })] });
    expect(JSON.stringify(login)).not.toContain(secret);
  });

  it('acts once on an assertion signed with the CLI identity’s own key, and refuses its replay', async () => {
    const data = { user_id: founder.id, reason: 'checked by the proof e2e' };
    const assertion = signOperatorAssertion(cli, { operator: 'alice', pattern: RPC.auth.revokeUserTokens, data, ttlSeconds: 60 });
    const first = await ask<{ not_before: string }>(RPC.auth.revokeUserTokens, data, { kind: 'operator_assertion', assertion });
    expect(first.err).toBeUndefined();
    expect(typeof first.response?.not_before).toBe('string');
    const replay = await ask(RPC.auth.revokeUserTokens, data, { kind: 'operator_assertion', assertion });
    expect(replay.err).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses an expired admin token', async () => {
    // auth-service two hours behind issues tokens that expired long ago on every other clock.
    await relaunch(stack, 'auth-service', { TR4CTION_CLOCK_OFFSET_MS: String(-120 * MINUTE) });
    const stale = await accountLogin(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(stale.status).toBe(200);
    const marker = `expired-${randomUUID()}`;
    const reply = await ask(
      RPC.user.resetPassword,
      { email: ADMIN_EMAIL },
      { kind: 'access_token', token: String(stale.access_token) },
      { type: 'cli', id: marker },
    );
    expect(reply.err).toMatchObject({ code: 'INVALID_TOKEN' });
    await adminPasswordStillWorks();
    await expectAudited(marker, 'proof_expired');
  });

  it('collapses a flood of refused requests: the first recorded at once, the rest as one record with their count', async () => {
    const flood = 300;
    const since = new Date().toISOString();
    // Each with a made-up caller: claimed actors are not believed, so they cannot open a window each.
    const replies = await Promise.all(
      Array.from({ length: flood }, (_, i) =>
        ask(RPC.user.setRoles, { user_id: founder.id, roles: ['admin'] }, undefined, { type: 'cli', id: `flood-${i}-${randomUUID()}` }),
      ),
    );
    expect(replies.every((r) => r.err?.code !== undefined)).toBe(true);
    expect(await founderRoles()).toEqual(['founder']);
    const records = await waitFor(
      async () => {
        const res = await adminApi.GET('/audit/events', { params: { query: { type: 'RpcRefused', subject_id: RPC.user.setRoles, limit: '100' } } });
        const mine = asRefused(res.data?.items).filter((r) => r.data.reason === 'proof_missing' && r.data.first_at >= since);
        return mine.reduce((n, r) => n + r.data.count, 0) === flood ? mine : undefined;
      },
      { timeoutMs: 60_000, what: `RpcRefused records counting all ${flood} refusals` },
    );
    // One window (or two, if the flood outlasted one): the first of each, and one record of its repeats.
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBeLessThanOrEqual(4);
    expect(records.some((r) => r.data.count === 1)).toBe(true);
    for (const r of records) expect(r.data.last_at >= r.data.first_at).toBe(true);
  });
});
