/**
 * Trace context through the outbox, on real Postgres and a private JetStream: the event's
 * creation span is a child of the change, the relay's publish is its own span linked to it, and
 * the message carries the creation context so consumers continue the change's trace.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createEvent, subjectFor } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { createLogger, processMetricsExposition } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, testBusKeys } from '@tr4ction/testing';
import { EventRecorder } from './event-recorder';
import { OutboxRelay } from './outbox-relay';
import { EVENTS_STREAM, ensureStreams } from '../nats/streams';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();

function lockedEvent() {
  return createEvent({
    type: 'AccountLocked',
    actor: { type: 'system', id: null },
    // A well-formed account id: the user streams of this schema are replayed by the users replay spec.
    subject: { type: 'user', id: randomUUID() },
    source: { service: 'outbox-tracing-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data: { failed_attempts: 5, locked_until: new Date().toISOString() },
  });
}

describe('outbox trace context', () => {
  let ds: DataSource;
  let nats: PrivateNats;
  let nc: NatsConnection;
  const recorder = new EventRecorder('users');

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'outbox-tracing-spec', migrations: [] });
    await ds.initialize();
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
    await ds.destroy();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  beforeEach(async () => {
    exporter.reset();
    await ds.query('DELETE FROM users.outbox');
    // The stream denies purges (write-once): emptied by deleting and declaring it again.
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(EVENTS_STREAM);
    await ensureStreams(jsm);
  });

  it('links the publish to the creation, and hands the creation context to consumers', async () => {
    const event = lockedEvent();
    const change = trace.getTracer('spec').startSpan('change', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    await context.with(trace.setSpan(ROOT_CONTEXT, change), () => ds.transaction((m) => recorder.record(m, `user-${event.subject.id}`, 0, [event])));
    change.end();

    const created = exporter.getFinishedSpans().find((s) => s.name === `${subjectFor('AccountLocked')} create`);
    expect(created?.kind).toBe(SpanKind.PRODUCER);
    expect(created?.parentSpanContext?.spanId).toBe(change.spanContext().spanId);
    expect(created?.attributes).toMatchObject({
      'messaging.operation.type': 'create',
      'messaging.message.id': event.id,
      'tr4ction.event.type': 'AccountLocked',
    });
    const creation = created?.spanContext();
    const [row] = await ds.query<Array<{ headers: Record<string, string> }>>(`SELECT headers FROM users.outbox WHERE event_id = $1`, [event.id]);
    expect(row.headers.traceparent).toBe(`00-${creation?.traceId}-${creation?.spanId}-01`);

    // The relay runs in a context of its own (here: inside an unrelated span, which it must not join).
    const relay = new OutboxRelay(ds, 'users', nc.jetstream(), testBusKeys().signer('user-service'), createLogger('outbox-tracing-spec', 'silent'));
    const unrelated = trace.getTracer('spec').startSpan('unrelated', {}, ROOT_CONTEXT);
    expect(await context.with(trace.setSpan(ROOT_CONTEXT, unrelated), () => relay.drainOnce())).toBe(1);
    unrelated.end();
    const publish = exporter.getFinishedSpans().find((s) => s.name === `${subjectFor('AccountLocked')} publish`);
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect(publish?.parentSpanContext).toBeUndefined();
    expect(publish?.links.map((l) => l.context.spanId)).toEqual([creation?.spanId]);
    expect(publish?.attributes).toMatchObject({
      'messaging.operation.type': 'publish',
      'messaging.message.id': event.id,
      'messaging.destination.name': subjectFor('AccountLocked'),
    });

    const msg = await (await nc.jetstreamManager()).streams.getMessage(EVENTS_STREAM, { last_by_subj: subjectFor('AccountLocked') });
    expect(msg.header.get('traceparent')).toBe(row.headers.traceparent);
    expect((await processMetricsExposition()).text).toContain('tr4ction_outbox_published_total{schema="users"} 1');
  });

  it('reports its backlog to the process metrics while it runs, read from the table when scraped', async () => {
    await ds.transaction((m) => recorder.publishOnly(m, [lockedEvent(), lockedEvent(), lockedEvent()]));
    // A bus that refuses every publish: the rows stay in the outbox.
    const refusing = { publish: () => Promise.reject(new Error('bus down')) } as unknown as ReturnType<NatsConnection['jetstream']>;
    const relay = new OutboxRelay(ds, 'users', refusing, testBusKeys().signer('user-service'), createLogger('outbox-tracing-spec', 'silent'), {
      idlePollMs: 60_000,
      maxBackoffMs: 60_000,
    });
    relay.start();
    try {
      expect((await processMetricsExposition()).text).toContain('tr4ction_outbox_backlog{schema="users"} 3');
    } finally {
      await relay.stop();
    }
    expect((await processMetricsExposition()).text).not.toContain('tr4ction_outbox_backlog{schema="users"}');
  });
});
