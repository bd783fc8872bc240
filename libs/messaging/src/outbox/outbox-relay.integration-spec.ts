import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { createEvent, subjectFor } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { EventRecorder } from './event-recorder';
import { OutboxRelay } from './outbox-relay';
import { EVENTS_STREAM, ensureStreams } from '../nats/streams';

const logger = createLogger('relay-spec', 'silent');
const signer = testBusKeys().signer('user-service');

function registered(n: number) {
  return createEvent({
    type: 'UserRegistered',
    actor: { type: 'system', id: null },
    subject: { type: 'user', id: `relay-spec-${n}` },
    source: { service: 'relay-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data: { email: `u${n}@example.com`, name: null, roles: ['founder'], password_expires_at: null },
  });
}

async function streamMessages(nc: NatsConnection): Promise<number> {
  const info = await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM);
  return info.state.messages;
}

describe(OutboxRelay.name, () => {
  let ds: DataSource;
  let nats: PrivateNats;
  let nc: NatsConnection;
  const recorder = new EventRecorder('users');

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'relay-spec', migrations: [] });
    await ds.initialize();
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions(undefined, { maxReconnectAttempts: -1, reconnectTimeWait: 100 }));
    await ensureStreams(await nc.jetstreamManager());
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
    await ds.destroy();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM users.outbox');
    // The stream denies purges (write-once): emptied by deleting and declaring it again.
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(EVENTS_STREAM);
    await ensureStreams(jsm);
  });

  it('publishes every outbox row once and marks it sent only after the ack', async () => {
    await ds.transaction((m) => recorder.outbox.enqueue(m, [registered(1), registered(2), registered(3)]));
    const relay = new OutboxRelay(ds, 'users', nc.jetstream(), signer, logger);
    expect(await relay.drainOnce()).toBe(3);
    expect(await relay.backlog()).toBe(0);
    expect(await streamMessages(nc)).toBe(3);
  });

  it('a relay that dies between publish and marking re-publishes the same ids, which the stream de-duplicates', async () => {
    const events = [registered(10), registered(11)];
    await ds.transaction((m) => recorder.outbox.enqueue(m, events));
    const dying = new OutboxRelay(ds, 'users', nc.jetstream(), signer, logger, {
      afterPublish: async () => {
        throw new Error('simulated crash before marking sent');
      },
    });
    await expect(dying.drainOnce()).rejects.toThrow('simulated crash');
    expect(await dying.backlog()).toBe(2);
    expect(await streamMessages(nc)).toBe(2);

    const healthy = new OutboxRelay(ds, 'users', nc.jetstream(), signer, logger);
    expect(await healthy.drainOnce()).toBe(2);
    expect(await healthy.backlog()).toBe(0);
    expect(await streamMessages(nc)).toBe(2);
    const msg = await (await nc.jetstreamManager()).streams.getMessage(EVENTS_STREAM, { last_by_subj: subjectFor('UserRegistered') });
    expect(msg.header.get('Nats-Msg-Id')).toBe(events[1].id);
  });

  it('keeps events in the outbox while NATS is down and publishes them all when it returns', async () => {
    const relay = new OutboxRelay(ds, 'users', nc.jetstream(), signer, logger, { idlePollMs: 50, maxBackoffMs: 200, publishTimeoutMs: 500 });
    relay.start();
    try {
      await nats.pause();
      await ds.transaction((m) => recorder.outbox.enqueue(m, [registered(20), registered(21), registered(22)]));
      relay.wake();
      await waitFor(() => relay.stats.failures > 0, { timeoutMs: 10_000, what: 'a failed publish while NATS is down' });
      expect(await relay.backlog()).toBe(3);
      await nats.resume();
      await waitFor(async () => (await relay.backlog()) === 0, { timeoutMs: 30_000, what: 'outbox drained after NATS returned' });
      expect(await streamMessages(nc)).toBe(3);
    } finally {
      await relay.stop();
    }
  });

  it('does not lose a wake that arrives while a batch is being published', async () => {
    let injected = false;
    const late = registered(30);
    const relay: OutboxRelay = new OutboxRelay(ds, 'users', nc.jetstream(), signer, logger, {
      idlePollMs: 10_000,
      afterPublish: async () => {
        if (injected) return;
        injected = true;
        // Committed and announced while the relay is busy with the previous batch.
        await ds.transaction((m) => recorder.outbox.enqueue(m, [late]));
        relay.wake();
      },
    });
    await ds.transaction((m) => recorder.outbox.enqueue(m, [registered(31)]));
    relay.start();
    try {
      // Well inside the 10 s idle poll: the wake was honoured.
      await waitFor(async () => (await relay.backlog()) === 0 && injected, { timeoutMs: 5000, intervalMs: 20, what: 'the late event to be published' });
      expect(await streamMessages(nc)).toBe(2);
    } finally {
      await relay.stop();
    }
  });
  it('two relays on one outbox at once (two replicas, own pools) publish every row exactly once between them', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => registered(1000 + i));
    for (let i = 0; i < rows.length; i += 100) await ds.transaction((m) => recorder.outbox.enqueue(m, rows.slice(i, i + 100)));
    const second = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'relay-spec-b', migrations: [] });
    await second.initialize();
    // Which relay published which event: read after the stream acknowledged it, before the row is marked sent.
    const published = new Map<string, string[]>();
    const relay = (name: string, source: DataSource) =>
      new OutboxRelay(source, 'users', nc.jetstream(), signer, logger, {
        batchSize: 20,
        idlePollMs: 50,
        afterPublish: async (ids) => {
          for (const id of ids) published.set(id, [...(published.get(id) ?? []), name]);
        },
      });
    const a = relay('a', ds);
    const b = relay('b', second);
    try {
      a.start();
      b.start();
      await waitFor(async () => (await a.backlog()) === 0, { timeoutMs: 15_000, what: 'the outbox drained by two relays' });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second.destroy();
    }
    expect(rows.filter((e) => published.get(e.id)?.length !== 1)).toEqual([]);
    expect(published.size).toBe(rows.length);
    // Both took part (row locks with SKIP LOCKED shared the work), and nothing was counted twice.
    expect(a.stats.published).toBeGreaterThan(0);
    expect(b.stats.published).toBeGreaterThan(0);
    expect(a.stats.published + b.stats.published).toBe(rows.length);
    expect(await streamMessages(nc)).toBe(rows.length);
  });
});
