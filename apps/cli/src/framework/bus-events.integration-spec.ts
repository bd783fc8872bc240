/**
 * watchOwnEvents against a real (private) NATS: a revoking command may report success only once
 * its own events went by on the bus, and must say so when they did not by the deadline.
 */
import { connect, type NatsConnection } from 'nats';
import { createEvent, subjectFor, type EventEnvelope, type EventType } from '@tr4ction/contracts';
import { PrivateNats } from '@tr4ction/testing';
import { watchOwnEvents } from './bus-events';

const TRACE = 'a'.repeat(32);

function event(type: EventType, traceId: string): EventEnvelope {
  const data = type === 'AllTokensRevoked' ? { reason: 'spec', not_before: new Date().toISOString() } : { kid: 'k1', reason: 'spec' };
  return createEvent({ type, actor: { type: 'cli', id: 'spec' }, subject: { type: 'tokens', id: 'all' }, source: { service: 'spec' }, trace: { trace_id: traceId, span_id: 'b'.repeat(16) }, data: data as never });
}

describe(watchOwnEvents.name, () => {
  let nats: PrivateNats;
  let watcher: NatsConnection;
  let publisher: NatsConnection;
  const publish = (e: EventEnvelope) => publisher.publish(subjectFor(e.type), JSON.stringify(e));

  beforeAll(async () => {
    nats = await PrivateNats.start();
    watcher = await connect(nats.connectOptions());
    publisher = await connect(nats.connectOptions());
  });

  afterAll(async () => {
    await watcher?.close();
    await publisher?.close();
    await nats?.stop();
  });

  it('resolves only once every wanted event of its own trace went by, ignoring other traces', async () => {
    const wait = await watchOwnEvents({ bus: async () => watcher, traceId: TRACE }, ['SigningKeyRevoked', 'AllTokensRevoked']);
    let settled = false;
    const seen = wait.seen(10_000).then((events) => {
      settled = true;
      return events;
    });
    publish(event('AllTokensRevoked', 'c'.repeat(32)));
    publish(event('SigningKeyRevoked', TRACE));
    await publisher.flush();
    await watcher.flush();
    expect(settled).toBe(false);
    const own = event('AllTokensRevoked', TRACE);
    publish(own);
    const events = await seen;
    expect(events?.map((e) => e.type)).toEqual(['SigningKeyRevoked', 'AllTokensRevoked']);
    expect(events?.[1].id).toBe(own.id);
  });

  it('answers undefined at the deadline when its event never comes', async () => {
    const wait = await watchOwnEvents({ bus: async () => watcher, traceId: TRACE }, ['AllTokensRevoked']);
    publish(event('AllTokensRevoked', 'd'.repeat(32)));
    const started = Date.now();
    await expect(wait.seen(300)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
