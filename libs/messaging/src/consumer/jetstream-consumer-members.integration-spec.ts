/**
 * A durable consumer that follows a list of subjects is one NATS consumer per subject (nats-server 2.9
 * has no multi-subject filter). On a real server: it receives its subjects and nothing else, it takes
 * over from the single consumer of its name an earlier release made at that consumer's ack floor
 * (nothing unfinished skipped, nothing finished replayed) and retires it, and a restart resumes.
 */
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import { ALL_EVENTS_SUBJECT, createEvent, natsConsumersOf, subjectFor, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import { createLogger } from '@tr4ction/telemetry';
import { PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { ensureStreams, EVENTS_STREAM } from '../nats/streams';
import { EventAuthenticator } from '../signing/event-authenticator';
import { publishSignedEvent } from '../signing/signed-publish';
import { JetStreamServer } from './jetstream.server';

const logger = createLogger('consumer-members-spec', 'silent');
const DURABLE = 'consumer-members-spec';
const FOLLOWED = [subjectFor('UserDeleted'), subjectFor('ServiceAccountRevoked')];
const PRODUCER: Partial<Record<EventType, string>> = { UserDeleted: 'user-service', ServiceAccountRevoked: 'rotation-service', UserRegistered: 'user-service' };

function event(type: 'UserDeleted' | 'ServiceAccountRevoked' | 'UserRegistered'): EventEnvelope {
  const data =
    type === 'ServiceAccountRevoked'
      ? { client_id: 'svc-1' }
      : type === 'UserRegistered'
        ? { email: 'someone@example.com', name: null, roles: ['user'], password_expires_at: null }
        : {};
  return createEvent({
    type,
    actor: { type: 'cli', id: 'operator' },
    subject: { type: type === 'ServiceAccountRevoked' ? 'service-account' : 'user', id: '0190a000-0000-7000-8000-000000000001' },
    source: { service: PRODUCER[type] ?? 'user-service' },
    trace: { trace_id: '1'.repeat(32), span_id: '1'.repeat(16) },
    data,
  } as Parameters<typeof createEvent>[0]);
}

describe('a durable consumer following several subjects', () => {
  const keys = testBusKeys();
  let nats: PrivateNats;
  let nc: NatsConnection;
  let server: JetStreamServer | undefined;
  const handled: string[] = [];

  const publish = async (e: EventEnvelope): Promise<EventEnvelope> => {
    await publishSignedEvent(nc.jetstream(), keys.signer(PRODUCER[e.type] ?? 'user-service'), e);
    return e;
  };

  async function startServer(): Promise<JetStreamServer> {
    const started = new JetStreamServer({
      connection: () => nc,
      authenticator: new EventAuthenticator(keys.verifier, logger),
      durable: DURABLE,
      filterSubjects: FOLLOWED,
      logger,
    });
    for (const subject of FOLLOWED) started.addHandler(subject, async (e: EventEnvelope) => void handled.push(e.id), true);
    // Anything else reaching the consumer lands here and fails the expectations below.
    started.addHandler(ALL_EVENTS_SUBJECT, async (e: EventEnvelope) => void handled.push(`unfollowed ${e.type}`), true);
    await new Promise<void>((resolve, reject) => started.listen((err?: unknown) => (err ? reject(err) : resolve())));
    return started;
  }

  beforeAll(async () => {
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
  });

  afterAll(async () => {
    await server?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('takes over from the earlier single consumer at its ack floor, retires it, and receives only its subjects', async () => {
    const jsm = await nc.jetstreamManager();
    // The earlier release: one consumer of the durable's name over every event, which finished two.
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: ALL_EVENTS_SUBJECT,
    });
    await publish(event('UserDeleted'));
    await publish(event('ServiceAccountRevoked'));
    const old = await nc.jetstream().consumers.get(EVENTS_STREAM, DURABLE);
    for await (const msg of await old.fetch({ max_messages: 2, expires: 5000 })) await msg.ackAck();
    expect((await jsm.consumers.info(EVENTS_STREAM, DURABLE)).ack_floor.stream_seq).toBe(2);

    const unfinished = await publish(event('UserDeleted'));
    await publish(event('UserRegistered'));
    const revoked = await publish(event('ServiceAccountRevoked'));
    server = await startServer();

    await waitFor(() => handled.length >= 2, { timeoutMs: 15_000, what: 'the two events after the ack floor' });
    const seen = await jsm.consumers.list(EVENTS_STREAM).next();
    expect(seen.map((c) => c.name).sort()).toEqual(
      natsConsumersOf(DURABLE, FOLLOWED)
        .map((m) => m.name)
        .sort(),
    );
    expect(seen.map((c) => c.config.filter_subject).sort()).toEqual([...FOLLOWED].sort());
    // Every member acknowledged what it was given; nothing else arrives late.
    await waitFor(
      async () => (await Promise.all(seen.map((c) => jsm.consumers.info(EVENTS_STREAM, c.name)))).every((i) => i.num_ack_pending === 0 && i.num_pending === 0),
      {
        timeoutMs: 15_000,
        what: 'the members to be drained',
      },
    );
    expect(handled.sort()).toEqual([unfinished.id, revoked.id].sort());
  });

  it('resumes where its members stopped after a restart', async () => {
    await server?.close();
    server = undefined;
    handled.length = 0;
    const later = await publish(event('UserDeleted'));
    await publish(event('UserRegistered'));
    server = await startServer();
    await waitFor(() => handled.length >= 1, { timeoutMs: 15_000, what: 'the event published while stopped' });
    const jsm = await nc.jetstreamManager();
    const members = natsConsumersOf(DURABLE, FOLLOWED);
    await waitFor(
      async () =>
        (await Promise.all(members.map((m) => jsm.consumers.info(EVENTS_STREAM, m.name)))).every((i) => i.num_ack_pending === 0 && i.num_pending === 0),
      {
        timeoutMs: 15_000,
        what: 'the members to be drained',
      },
    );
    expect(handled).toEqual([later.id]);
  });
});
