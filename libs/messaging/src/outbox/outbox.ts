/**
 * Writes events into the owning service's outbox inside the caller's transaction. Each event gets
 * a `create` span (messaging semantic conventions: the message's creation context), a child of
 * the change's span; its context is stored with the row and travels in the message headers, so
 * consumers continue the very trace that made the change, however late the relay publishes.
 */
import type { EntityManager } from 'typeorm';
import { subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { context, injectTraceHeaders, recordHeaderBag, SpanKind, trace } from '@tr4ction/telemetry';

/** Starts and ends the creation span of one event; returns the headers that carry it. */
function creationHeaders(event: EventEnvelope, subject: string, schema: string): Record<string, string> {
  const span = trace.getTracer('tr4ction').startSpan(`${subject} create`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'create',
      'messaging.operation.name': 'create',
      'messaging.destination.name': subject,
      'messaging.message.id': event.id,
      'tr4ction.event.type': event.type,
      'tr4ction.outbox.schema': schema,
    },
  });
  const headers: Record<string, string> = {};
  injectTraceHeaders(recordHeaderBag(headers), trace.setSpan(context.active(), span));
  span.end();
  return headers;
}

/**
 * The transactions that put events in an outbox: only their commit needs to wake the relay (a
 * relay pass that finds nothing still costs a transaction and three round trips).
 */
const enqueuedIn = new WeakSet<EntityManager>();

/** True once `manager`'s transaction has put an event in an outbox. */
export function enqueuedEvents(manager: EntityManager): boolean {
  return enqueuedIn.has(manager);
}

export class Outbox {
  readonly table: string;

  constructor(readonly schema: string) {
    this.table = `"${schema}".outbox`;
  }

  async enqueue(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      const subject = subjectFor(e.type);
      values.push(e.id, subject, JSON.stringify(e), JSON.stringify(creationHeaders(e, subject, this.schema)));
      const b = i * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}::jsonb)`;
    });
    await manager.query(`INSERT INTO ${this.table} (event_id, subject, envelope, headers) VALUES ${rows.join(', ')}`, values);
    enqueuedIn.add(manager);
  }
}
