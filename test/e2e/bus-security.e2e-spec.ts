/**
 * The bus as an attacker on the same network meets it, against the stack started the way
 * `npm start` starts it (TLS required, one nkey per identity, the permission table): no anonymous
 * or plaintext connection; with the gateway's own credential, no forged event, no answering
 * another service's requests, no reading everything or another identity's replies. And the
 * attempts change nothing: tokens still work, no forged record reaches the audit log.
 *
 * Transport permissions only: the gateway legitimately calls rpc.user.reset-password and
 * rpc.user.set-roles for admins, so the bus lets its credential send them; that such a request
 * without an admin's proof is refused is the receiving service's check, not the bus's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { createEvent, inboxPrefixFor, RPC, subjectFor } from '@tr4ction/contracts';
import type { operations } from '@tr4ction/http-api';
import { busRefusals, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';

const PASSWORD = 'Quartz-Meadow-4419!';

/** The filters of GET /audit/events. */
type AuditQuery = NonNullable<operations['audit.events.list']['parameters']['query']>;

describe('bus security (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;
  let userToken: string;
  let userId: string;
  let userEmail: string;
  let gateway: NatsConnection;

  const trace = () => ({ trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') });

  beforeAll(async () => {
    stack = await ServiceStack.start();
    admin = await adminToken(stack.baseUrl);
    userEmail = `bus-${Date.now()}@example.com`;
    const registered = await apiClient(stack.baseUrl).POST('/auth/register', { body: { email: userEmail, password: PASSWORD } });
    expect(registered.response.status).toBe(201);
    userId = registered.data?.id ?? '';
    const session = await login(stack.baseUrl, userEmail, PASSWORD);
    userToken = session.access_token ?? '';
    gateway = await connect(stack.nats.connectOptions('api-gateway'));
  });

  afterAll(async () => {
    await gateway?.close();
    await stack?.stop();
  });

  it("the platform's own traffic (start, register, login, the admin's first password change) meets no refusal", () => {
    expect(stack.nats.permissionViolations()).toEqual([]);
  });

  it('refuses an anonymous connection', async () => {
    await expect(connect({ servers: stack.nats.url, tls: { caFile: stack.nats.bus.caFile }, reconnect: false })).rejects.toThrow(/authoriz/i);
  });

  it('refuses a plaintext connection, even with valid credentials', async () => {
    const { tls: _tls, ...plain } = stack.nats.connectOptions('api-gateway');
    await expect(connect({ ...plain, servers: stack.nats.plaintextUrl, reconnect: false })).rejects.toThrow();
  });

  it("with the gateway's credential: forged events, answering verify-credentials, reading everything or another inbox are refused", async () => {
    const forgedRevokeAll = createEvent({
      type: 'AllTokensRevoked',
      actor: { type: 'system', id: 'attacker' },
      subject: { type: 'token', id: `forged-${randomUUID()}` },
      source: { service: 'auth-service' },
      trace: trace(),
      data: { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' },
    });
    const forgedUser = createEvent({
      type: 'UserRegistered',
      actor: { type: 'system', id: 'attacker' },
      subject: { type: 'user', id: `forged-${randomUUID()}` },
      source: { service: 'user-service' },
      trace: trace(),
      data: { email: 'forged@example.com', name: null, roles: ['admin'], password_expires_at: null },
    });
    const refused = await busRefusals(gateway, () => {
      gateway.publish(subjectFor('AllTokensRevoked'), JSON.stringify(forgedRevokeAll));
      gateway.publish(subjectFor('UserRegistered'), JSON.stringify(forgedUser));
      gateway.subscribe(RPC.user.verifyCredentials, { queue: 'user-service', callback: () => undefined });
      gateway.subscribe('>', { callback: () => undefined });
      gateway.subscribe(`${inboxPrefixFor('auth-service')}.>`, { callback: () => undefined });
    });
    expect(refused).toEqual([
      { operation: 'publish', subject: subjectFor('AllTokensRevoked') },
      { operation: 'publish', subject: subjectFor('UserRegistered') },
      { operation: 'subscribe', subject: RPC.user.verifyCredentials },
      { operation: 'subscribe', subject: '>' },
      { operation: 'subscribe', subject: `${inboxPrefixFor('auth-service')}.>` },
    ]);
    expect(stack.nats.permissionViolations().filter((l) => !l.includes('sentinel.'))).toHaveLength(5); // the server logged each refusal too

    // Nothing changed: the user's token still works, and a login made after the attempts reaches
    // the audit log (in stream order) while no forged record does.
    expect((await apiClient(stack.baseUrl, userToken).GET('/auth/me')).response.status).toBe(200);
    const events = async (query: AuditQuery) => (await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query } })).data?.items;
    const logins = async () => (await events({ type: 'LoginSucceeded', subject_id: userId, limit: '1000' }))?.length ?? 0;
    const before = await waitFor(async () => (await logins()) || undefined, { timeoutMs: 30_000, what: 'the first login in the audit log' });
    expect((await login(stack.baseUrl, userEmail, PASSWORD)).status).toBe(200);
    await waitFor(async () => (await logins()) > before, { timeoutMs: 30_000, what: 'the later login in the audit log' });
    expect(await events({ subject_id: forgedRevokeAll.subject.id })).toEqual([]);
    expect(await events({ subject_id: forgedUser.subject.id })).toEqual([]);
    expect(await events({ type: 'AllTokensRevoked' })).toEqual([]);
    expect((await apiClient(stack.baseUrl, userToken).GET('/auth/me')).response.status).toBe(200);
  });

  it('lets only the identities that call an operator pattern reach it (set-roles: not the CLI, not another service)', async () => {
    for (const identity of ['cli', 'audit-service', 'rotation-service'] as const) {
      const nc = await connect(stack.nats.connectOptions(identity));
      try {
        const refused = await busRefusals(nc, () =>
          nc.publish(RPC.user.setRoles, JSON.stringify({ meta: { actor: { type: 'system', id: 'attacker' } }, data: { id: userId, roles: ['admin'] } })),
        );
        expect({ identity, refused }).toEqual({ identity, refused: [{ operation: 'publish', subject: RPC.user.setRoles }] });
      } finally {
        await nc.close();
      }
    }
    const roles = await apiClient(stack.baseUrl, userToken).GET('/auth/me');
    expect(roles.data?.roles).not.toContain('admin');
  });
});
