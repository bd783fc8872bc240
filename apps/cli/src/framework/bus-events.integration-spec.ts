/**
 * watchOwnEvents against a real (private) NATS: a revoking command may report success only once
 * its own events went by on the bus, and must say so when they did not by the deadline.
 */
import { createEvent, LEGACY_EVENT_SUBJECTS, ownerOf, subjectFor, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import type * as Messaging from '@tr4ction/messaging';
import { testBusKeys, useWatcherAndPublisher } from '@tr4ction/testing';
import { watchOwnEvents } from './bus-events';

const TRACE = 'a'.repeat(32);

function event(type: EventType, traceId: string): EventEnvelope {
  const data = type === 'AllTokensRevoked' ? { reason: 'spec', not_before: new Date().toISOString() } : { kid: 'k1', reason: 'spec' };
  return createEvent({
    type,
    actor: { type: 'cli', id: 'spec' },
    subject: { type: 'tokens', id: 'all' },
    source: { service: 'spec' },
    trace: { trace_id: traceId, span_id: 'b'.repeat(16) },
    data: data as never,
  });
}

describe(watchOwnEvents.name, () => {
  const bus = useWatcherAndPublisher();
  const keys = testBusKeys();
  // The CLI loads the bus client lazily; so does its spec (a lint rule holds the CLI to that).
  let messaging: typeof Messaging;
  /** Published as auth-service or rotation-service would: signed by the type's owner. */
  const publish = (e: EventEnvelope, on = subjectFor(e.type)) => {
    const owner = ownerOf(e.type) ?? 'auth-service';
    const { subject, data, headers } = messaging.signedEventMessage(keys.signer(owner), { ...e, source: { service: owner } }, on);
    bus.publisher.publish(subject, data, { headers });
  };
  const ctx = {
    bus: async () => bus.watcher,
    traceId: TRACE,
    eventAuthenticator: async () => new messaging.EventAuthenticator(keys.verifier, (await import('@tr4ction/telemetry')).createLogger('cli-spec', 'silent')),
  };

  beforeAll(async () => {
    messaging = await import('@tr4ction/messaging');
  });

  it('resolves only once every wanted event of its own trace went by, ignoring other traces', async () => {
    const wait = await watchOwnEvents(ctx, ['SigningKeyRevoked', 'AllTokensRevoked']);
    let settled = false;
    const seen = wait.seen(10_000).then((events) => {
      settled = true;
      return events;
    });
    publish(event('AllTokensRevoked', 'c'.repeat(32)));
    publish(event('SigningKeyRevoked', TRACE));
    await bus.publisher.flush();
    await bus.watcher.flush();
    expect(settled).toBe(false);
    const own = event('AllTokensRevoked', TRACE);
    publish(own);
    const events = await seen;
    expect(events?.map((e) => e.type)).toEqual(['SigningKeyRevoked', 'AllTokensRevoked']);
    expect(events?.[1].id).toBe(own.id);
  });

  it('sees its event on the subject from before the naming rule (an auth-service not yet upgraded)', async () => {
    const legacy = LEGACY_EVENT_SUBJECTS.AllTokensRevoked?.[0] ?? '';
    expect(legacy).not.toBe(subjectFor('AllTokensRevoked'));
    const wait = await watchOwnEvents(ctx, ['AllTokensRevoked']);
    const own = event('AllTokensRevoked', TRACE);
    publish(own, legacy);
    expect((await wait.seen(10_000))?.map((e) => e.id)).toEqual([own.id]);
  });

  it('answers undefined at the deadline when its event never comes', async () => {
    const wait = await watchOwnEvents(ctx, ['AllTokensRevoked']);
    publish(event('AllTokensRevoked', 'd'.repeat(32)));
    const started = Date.now();
    await expect(wait.seen(300)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('does not take a forged event of its own trace for the real one', async () => {
    const wait = await watchOwnEvents(ctx, ['AllTokensRevoked']);
    bus.publisher.publish(subjectFor('AllTokensRevoked'), JSON.stringify(event('AllTokensRevoked', TRACE)));
    const { subject, data, headers } = messaging.signedEventMessage(testBusKeys().signer('auth-service'), {
      ...event('AllTokensRevoked', TRACE),
      source: { service: 'auth-service' },
    });
    bus.publisher.publish(subject, data, { headers });
    await expect(wait.seen(300)).resolves.toBeUndefined();
  });
});
