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

/** One parameterised SQL statement. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** One event as its transaction put it in the outbox: what is published once that transaction commits. */
export interface EnqueuedEvent {
  event_id: string;
  subject: string;
  /** The envelope's JSON, the very text stored in the row. */
  payload: string;
  headers: Record<string, string>;
}

/**
 * The events each open transaction put in an outbox, so that its commit can publish them at once
 * (`OutboxRelay.publishCommitted`) instead of a relay pass reading them back. `SWEEP` stands for
 * events that may no longer all be in the transaction (a savepoint was rolled back after some were
 * enqueued): publishing a list could then publish an event that never committed, so the relay reads
 * the outbox instead.
 */
const SWEEP = 'sweep';
const enqueuedIn = new WeakMap<EntityManager, EnqueuedEvent[] | typeof SWEEP>();

/**
 * What `manager`'s transaction put in an outbox: the events, `'sweep'` when only the outbox itself
 * can tell (see above), or undefined when it put nothing.
 */
export function enqueuedEvents(manager: EntityManager): readonly EnqueuedEvent[] | typeof SWEEP | undefined {
  return enqueuedIn.get(manager);
}

/** A savepoint of `manager`'s transaction was rolled back: its list of events may name rows that are gone. */
export function savepointRolledBack(manager: EntityManager): void {
  if (enqueuedIn.has(manager)) enqueuedIn.set(manager, SWEEP);
}

function remember(manager: EntityManager, events: EnqueuedEvent[]): void {
  const known = enqueuedIn.get(manager);
  if (known === SWEEP) return;
  if (known) known.push(...events);
  else enqueuedIn.set(manager, events);
}

export class Outbox {
  readonly table: string;

  constructor(readonly schema: string) {
    this.table = `"${schema}".outbox`;
  }

  async enqueue(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const insert = this.insertStatement(events);
    await manager.query(insert.sql, insert.params);
    remember(manager, insert.enqueued);
  }

  /**
   * The INSERT that puts `events` in the outbox, its parameters numbered after the first
   * `parameterOffset` (for a statement that also makes the change they record), and the events as
   * they are to be published once it commits.
   */
  insertStatement(events: EventEnvelope[], parameterOffset = 0): SqlStatement & { enqueued: EnqueuedEvent[] } {
    const params: unknown[] = [];
    const enqueued: EnqueuedEvent[] = [];
    const rows = events.map((e, i) => {
      const subject = subjectFor(e.type);
      const row: EnqueuedEvent = { event_id: e.id, subject, payload: JSON.stringify(e), headers: creationHeaders(e, subject, this.schema) };
      enqueued.push(row);
      params.push(row.event_id, row.subject, row.payload, JSON.stringify(row.headers));
      const b = parameterOffset + i * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}::jsonb)`;
    });
    return { sql: `INSERT INTO ${this.table} (event_id, subject, envelope, headers) VALUES ${rows.join(', ')}`, params, enqueued };
  }
}
