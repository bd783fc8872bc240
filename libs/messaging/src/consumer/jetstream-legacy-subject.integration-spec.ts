/**
 * A handler is declared on its type's current subject (`@EventPattern(subjectFor(type), JETSTREAM)`).
 * An event of that type still waiting in the stream on the subject it had before the naming rule
 * (LEGACY_EVENT_SUBJECTS) must reach the same handler, on a real durable consumer.
 */
import { connect, type NatsConnection } from 'nats';
import { ALL_EVENTS_SUBJECT, createEvent, LEGACY_EVENT_SUBJECTS, subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { createLogger } from '@tr4ction/telemetry';
import { PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { ensureStreams } from '../nats/streams';
import { EventAuthenticator } from '../signing/event-authenticator';
import { publishSignedEvent } from '../signing/signed-publish';
import { JetStreamServer } from './jetstream.server';

const logger = createLogger('legacy-subject-spec', 'silent');

function revokeAll(reason: string): EventEnvelope<'AllTokensRevoked'> {
  return createEvent({
    type: 'AllTokensRevoked',
    actor: { type: 'cli', id: 'operator' },
    subject: { type: 'tokens', id: 'all' },
    source: { service: 'auth-service' },
    trace: { trace_id: '1'.repeat(32), span_id: '1'.repeat(16) },
    data: { reason, not_before: '2026-01-01T00:00:00.000Z' },
  });
}

describe(`${JetStreamServer.name} and legacy event subjects`, () => {
  const keys = testBusKeys();
  let nats: PrivateNats;
  let nc: NatsConnection;
  let server: JetStreamServer;
  const handled: string[] = [];
  const unhandled: string[] = [];

  beforeAll(async () => {
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
    server = new JetStreamServer({
      connection: () => nc,
      authenticator: new EventAuthenticator(keys.verifier, logger),
      durable: 'legacy-subject-spec',
      filterSubjects: [ALL_EVENTS_SUBJECT],
      logger,
    });
    server.addHandler(subjectFor('AllTokensRevoked'), async (event: EventEnvelope) => void handled.push(event.id), true);
    // Anything else the durable sees is acknowledged unhandled; this catches a misrouted event.
    server.addHandler(subjectFor('TokenRevoked'), async (event: EventEnvelope) => void unhandled.push(event.id), true);
    await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
  });

  afterAll(async () => {
    await server?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('hands an event on its legacy subject to the handler of its current subject', async () => {
    const legacySubject = LEGACY_EVENT_SUBJECTS.AllTokensRevoked?.[0];
    expect(legacySubject).toBeDefined();
    expect(legacySubject).not.toBe(subjectFor('AllTokensRevoked'));
    const signer = keys.signer('auth-service');
    const old = revokeAll('sent before the rename');
    const current = revokeAll('sent after the rename');
    await publishSignedEvent(nc.jetstream(), signer, old, legacySubject);
    await publishSignedEvent(nc.jetstream(), signer, current);

    await waitFor(() => handled.length === 2, { timeoutMs: 15_000, what: 'both events at the AllTokensRevoked handler' });
    expect(handled.sort()).toEqual([old.id, current.id].sort());
    expect(unhandled).toEqual([]);
  });
});
