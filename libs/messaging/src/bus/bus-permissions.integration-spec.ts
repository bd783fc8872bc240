/**
 * The generated nats-server configuration enforces the permission table: against a real server,
 * each identity tries every subject of a wide set (every RPC pattern, every event subject, every
 * inbox, the JetStream API of every stream and consumer, delete and purge included) and the
 * server refuses exactly what the table does not grant.
 */
import { AckPolicy, connect } from 'nats';
import { ensureStreams } from '../nats/streams';
import {
  BUS_IDENTITIES,
  BUS_STREAMS,
  DEAD_LETTER_SUBJECT_ROOT,
  DURABLE_CONSUMERS,
  EVENT_TYPES,
  RESPONDING_IDENTITIES,
  RPC,
  SERVICES,
  busAllows,
  inboxPrefixFor,
  subjectFor,
  type BusIdentity,
  type BusLogin,
} from '@tr4ction/contracts';
import { busRefusals, PrivateNats } from '@tr4ction/testing';

type Operation = 'publish' | 'subscribe';

function rpcPatterns(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(RPC);
  for (const s of SERVICES) out.push(RPC.ping(s), RPC.metrics(s));
  return out;
}

function jetStreamSubjects(): string[] {
  const api = '$JS.API';
  const streams = Object.values(BUS_STREAMS);
  const durables = [...Object.values(DURABLE_CONSUMERS), 'intruder'];
  return [
    `${api}.INFO`,
    ...streams.flatMap((s) => ['INFO', 'CREATE', 'UPDATE', 'DELETE', 'PURGE', 'MSG.GET', 'MSG.DELETE'].map((op) => `${api}.STREAM.${op}.${s}`)),
    ...durables.flatMap((d) => ['INFO', 'CREATE', 'DURABLE.CREATE', 'DELETE', 'MSG.NEXT'].map((op) => `${api}.CONSUMER.${op}.${BUS_STREAMS.events}.${d}`)),
    ...durables.map((d) => `$JS.ACK.${BUS_STREAMS.events}.${d}.1.1.1.1.1`),
    ...durables.map((d) => `${DEAD_LETTER_SUBJECT_ROOT}.${d}.tr4ction.user.registered.v1`),
  ];
}

/** Subjects tried for publishing (concrete) and subscribing (some with wildcards). */
const PUBLISH_SUBJECTS = [
  ...new Set([
    ...rpcPatterns(),
    ...EVENT_TYPES.map(subjectFor),
    ...jetStreamSubjects(),
    ...BUS_IDENTITIES.map((id) => `${inboxPrefixFor(id)}.probe`),
    'probe',
  ]).values(),
];
const SUBSCRIBE_SUBJECTS = [
  ...new Set([
    ...rpcPatterns(),
    ...EVENT_TYPES.map(subjectFor),
    'tr4ction.>',
    'rpc.>',
    '>',
    '_INBOX.>',
    '$JS.>',
    ...BUS_IDENTITIES.map((id) => `${inboxPrefixFor(id)}.>`),
    `${DEAD_LETTER_SUBJECT_ROOT}.>`,
  ]).values(),
];

describe('bus permissions enforced by the generated nats-server configuration', () => {
  let nats: PrivateNats;

  beforeAll(async () => {
    nats = await PrivateNats.start();
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('refuses anonymous and plaintext clients', async () => {
    await expect(connect({ servers: nats.url, tls: { caFile: nats.bus.caFile }, reconnect: false })).rejects.toThrow(/authoriz/i);
    await expect(connect({ ...nats.connectOptions('user-service'), servers: nats.plaintextUrl, tls: undefined, reconnect: false })).rejects.toThrow();
  });

  const logins: Array<[BusIdentity, BusLogin]> = BUS_IDENTITIES.flatMap((id) => [
    [id, 'main'] as [BusIdentity, BusLogin],
    ...(RESPONDING_IDENTITIES.includes(id) ? [[id, 'responder'] as [BusIdentity, BusLogin]] : []),
  ]);

  it.each(logins)('%s (%s login): refused exactly what the table does not grant', async (identity: BusIdentity, login: BusLogin) => {
    const nc = await connect(nats.connectOptions(identity, {}, login));
    try {
      const refused = await busRefusals(nc, () => {
        for (const subject of PUBLISH_SUBJECTS) nc.publish(subject, 'probe');
        for (const subject of SUBSCRIBE_SUBJECTS) nc.subscribe(subject, { callback: () => undefined });
      });
      const actual = (op: Operation) =>
        refused
          .filter((r) => r.operation === op)
          .map((r) => r.subject)
          .sort();
      const expected = (op: Operation, subjects: string[]) => subjects.filter((s) => !busAllows(identity, op, s, login)).sort();
      expect(actual('publish')).toEqual(expected('publish', PUBLISH_SUBJECTS));
      expect(actual('subscribe')).toEqual(expected('subscribe', SUBSCRIBE_SUBJECTS));
      // The set is wide enough to mean something: each identity is refused most of it.
      expect(actual('publish').length).toBeGreaterThan(PUBLISH_SUBJECTS.length / 3);
    } finally {
      await nc.close();
    }
  });

  it("lets a responder answer a request once (allow_responses), on the caller's private inbox", async () => {
    const gateway = await connect(nats.connectOptions('api-gateway'));
    const users = await connect(nats.connectOptions('user-service', {}, 'responder'));
    try {
      users.subscribe(RPC.user.me, { queue: 'user-service', callback: (_err, msg) => msg.respond('pong') });
      await users.flush();
      const reply = await gateway.request(RPC.user.me, 'ping', { timeout: 5000 });
      expect(reply.string()).toBe('pong');
      // ... but not publish to the gateway's inbox unasked.
      const refused = await busRefusals(users, () => users.publish(`${inboxPrefixFor('api-gateway')}.forged`, 'x'));
      expect(refused).toEqual([{ operation: 'publish', subject: `${inboxPrefixFor('api-gateway')}.forged` }]);
    } finally {
      await gateway.close();
      await users.close();
    }
  });

  it('delivers JetStream messages to a main login, which has no response rights to track them, and lets it ack them', async () => {
    const harness = await connect(nats.connectOptions());
    const audit = await connect(nats.connectOptions('audit-service'));
    try {
      const jsm = await harness.jetstreamManager();
      await ensureStreams(jsm, {});
      await jsm.consumers.add(BUS_STREAMS.events, { durable_name: DURABLE_CONSUMERS.auditProjector, ack_policy: AckPolicy.Explicit });
      await harness.jetstream().publish(subjectFor('UserRegistered'), 'x');
      const consumer = await audit.jetstream().consumers.get(BUS_STREAMS.events, DURABLE_CONSUMERS.auditProjector);
      const refused = await busRefusals(audit, async () => {
        const msg = await consumer.next({ expires: 5000 });
        expect(msg?.subject).toBe(subjectFor('UserRegistered'));
        await msg?.ackAck();
      });
      expect(refused).toEqual([]);
      expect((await jsm.consumers.info(BUS_STREAMS.events, DURABLE_CONSUMERS.auditProjector)).num_ack_pending).toBe(0);
    } finally {
      await harness.close();
      await audit.close();
    }
  });
});
