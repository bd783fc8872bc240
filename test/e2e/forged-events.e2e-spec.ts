/**
 * Forged events injected straight into the event stream of a running stack, the way an attacker with a
 * connection to its NATS would: one with no signature, one signed with a stolen-but-wrong key (a key
 * that claims to be auth-service's but is not pinned), one signed with a real key of a service that
 * does not own the type. Each is quarantined with its reason (by every durable consumer of the type), the security-alert metric moves (as the
 * gateway's /metrics shows it), no audit record appears, `/audit/verify` stays ok, and neither a forged
 * `AllTokensRevoked` with `not_before` in year 9999 nor a forged `UserDeleted` changes anything: tokens
 * issued before them still work.
 */
import { generateKeyPairSync } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { createEvent, subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { publishSignedEvent, QUARANTINE_STREAM } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { MessageSigner } from '@tr4ction/security';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { register, strongPassword, uniqueEmail } from '../support/identity';

jest.setTimeout(180_000);

/** A forged deletion of a real user: only auth-service's token revoker and the audit projector follow it. */
function deleteUser(service: string, userId: string): EventEnvelope<'UserDeleted'> {
  return createEvent({
    type: 'UserDeleted',
    actor: { type: 'cli', id: 'mallory' },
    subject: { type: 'user', id: userId },
    source: { service },
    trace: { trace_id: 'f'.repeat(32), span_id: 'f'.repeat(16) },
    data: { reason: 'forged' },
  });
}

function revokeAll(service: string): EventEnvelope<'AllTokensRevoked'> {
  return createEvent({
    type: 'AllTokensRevoked',
    actor: { type: 'cli', id: 'mallory' },
    subject: { type: 'tokens', id: 'all' },
    source: { service },
    trace: { trace_id: 'f'.repeat(32), span_id: 'f'.repeat(16) },
    data: { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' },
  });
}

/** Sum of one counter's samples whose labels include every one of `labels`. */
function counter(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('forged events on the bus', () => {
  let stack: ServiceStack;
  let nc: NatsConnection;
  let admin: string;
  let adminApi: ApiClient;

  // The public /metrics takes a token with metrics:read (an admin's).
  const metrics = async (): Promise<string> => (await adminApi.GET('/metrics', { parseAs: 'text' })).data ?? '';
  const quarantined = async (): Promise<number> => (await (await nc.jetstreamManager()).streams.info(QUARANTINE_STREAM)).state.messages;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    nc = await connect(stack.nats.connectOptions());
    admin = await adminToken(stack.baseUrl);
    adminApi = apiClient(stack.baseUrl, admin);
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('quarantines them, counts them, records none, keeps the chain verifiable and every token working', async () => {
    const email = uniqueEmail('forged');
    const password = strongPassword();
    const userId = await register(stack.baseUrl, email, password);
    const user = await login(stack.baseUrl, email, password);
    expect(user.status).toBe(200);
    const before = { quarantined: await quarantined(), text: await metrics() };

    const js = nc.jetstream();
    const unsigned = revokeAll('auth-service');
    await js.publish(subjectFor('AllTokensRevoked'), JSON.stringify(unsigned), { msgID: unsigned.id });
    const wrongKey = revokeAll('auth-service');
    await publishSignedEvent(js, new MessageSigner('auth-service', generateKeyPairSync('ed25519').privateKey), wrongKey);
    // user-service's real key (as if it leaked) on a type only auth-service may produce.
    const notOwner = revokeAll('user-service');
    await publishSignedEvent(js, stack.busKeys.signer('user-service'), notOwner);
    // The same three forgeries of the user's deletion (user-service's type; auth-service's real key).
    const deletions = [deleteUser('user-service', userId), deleteUser('user-service', userId), deleteUser('auth-service', userId)];
    await js.publish(subjectFor('UserDeleted'), JSON.stringify(deletions[0]), { msgID: deletions[0].id });
    await publishSignedEvent(js, new MessageSigner('user-service', generateKeyPairSync('ed25519').privateKey), deletions[1]);
    await publishSignedEvent(js, stack.busKeys.signer('auth-service'), deletions[2]);

    // Each durable consumer that follows the type refuses and quarantines it, three copies each: the
    // audit projector both types, auth-service's token revoker the deletions (it follows no AllTokensRevoked).
    await waitFor(async () => (await quarantined()) === before.quarantined + 9, { timeoutMs: 30_000, what: 'the forged events in quarantine' });
    const jsm = await nc.jetstreamManager();
    const reasons: Record<string, string[]> = {};
    const last = (await jsm.streams.info(QUARANTINE_STREAM)).state.last_seq;
    for (let seq = last; seq > last - 9; seq--) {
      const copy = await jsm.streams.getMessage(QUARANTINE_STREAM, { seq });
      (reasons[copy.subject] ??= []).push(copy.header.get('Tr4ction-Quarantine-Reason'));
    }
    for (const list of Object.values(reasons)) list.sort();
    const expected = ['missing_signature', 'not_owner', 'unknown_key'];
    expect(reasons).toEqual({
      [`quarantine.audit-projector.${subjectFor('AllTokensRevoked')}`]: expected,
      [`quarantine.audit-projector.${subjectFor('UserDeleted')}`]: expected,
      [`quarantine.auth-token-revoker.${subjectFor('UserDeleted')}`]: expected,
    });

    // The alert metric moves in audit-service (the projector) and in the gateway (its token state).
    const alerts = (text: string, labels: Record<string, string>) => counter(text, 'tr4ction_bus_security_alerts_total', labels);
    const after = await waitFor(
      async () => {
        const text = await metrics();
        return alerts(text, { consumer: 'gateway-token-state' }) - alerts(before.text, { consumer: 'gateway-token-state' }) >= 3 ? text : undefined;
      },
      { timeoutMs: 30_000, what: 'the gateway counting the forged events' },
    );
    for (const reason of ['missing_signature', 'unknown_key', 'not_owner']) {
      // Two each: a forged revocation and a forged deletion.
      expect({ reason, delta: alerts(after, { consumer: 'audit-projector', reason }) - alerts(before.text, { consumer: 'audit-projector', reason }) }).toEqual({
        reason,
        delta: 2,
      });
      expect({
        reason,
        delta: alerts(after, { consumer: 'gateway-token-state', reason }) - alerts(before.text, { consumer: 'gateway-token-state', reason }),
      }).toEqual({ reason, delta: 1 });
    }

    // Nothing recorded, nothing applied.
    const ds = createServiceDataSource({ url: stack.databaseUrl, schema: 'audit', service: 'e2e-owner', migrations: [], poolSize: 1 });
    await ds.initialize();
    try {
      const rows: Array<{ n: string }> = await ds.query('SELECT count(*) AS n FROM audit.audit_log_v1 WHERE event_id = ANY($1::uuid[])', [
        [unsigned.id, wrongKey.id, notOwner.id, ...deletions.map((d) => d.id)],
      ]);
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await ds.destroy();
    }
    expect((await apiClient(stack.baseUrl, user.access_token).GET('/auth/me')).response.status).toBe(200);
    expect((await adminApi.GET('/auth/me')).response.status).toBe(200);
    const verify = await adminApi.GET('/audit/verify');
    expect(verify.response.status).toBe(200);
    expect(verify.data?.ok).toBe(true);
    expect(verify.data?.checked).toBeGreaterThan(0);

    // Canary: the alert lines name the reason and subject, never the payload; no bus key is ever logged.
    const logs = stack.logs.join('\n');
    expect(logs).toContain('"security_alert":"not_owner"');
    expect(logs).not.toContain('9999-01-01');
    for (const [name, value] of Object.entries(stack.busKeys.env))
      if (name.startsWith('BUS_SIGNING_KEY_')) expect({ name, logged: logs.includes(value) }).toEqual({ name, logged: false });
  });

  it('keeps recording genuine events after the forged ones, each with its producer proof', async () => {
    const email = uniqueEmail('after-forged');
    const id = await register(stack.baseUrl, email, strongPassword());
    const record = await waitFor(
      async () => {
        const res = await adminApi.GET('/audit/events', { params: { query: { subject_id: id } } });
        return res.data?.items.find((r) => r.type === 'UserRegistered');
      },
      { timeoutMs: 30_000, what: 'the UserRegistered record' },
    );
    expect(record.proof).toMatchObject({ producer: 'user-service', key_id: stack.busKeys.signer('user-service').keyId });
  });
});
