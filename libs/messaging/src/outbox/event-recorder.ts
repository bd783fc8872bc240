/**
 * The one way a service records a state change of an event-sourced aggregate: the events go to
 * the event store (optimistic concurrency) and to the outbox, in the caller's transaction.
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import { EventStore } from '@tr4ction/persistence';
import { Outbox } from './outbox';

export class EventRecorder {
  readonly store: EventStore;
  readonly outbox: Outbox;

  constructor(readonly schema: string) {
    this.store = new EventStore(schema);
    this.outbox = new Outbox(schema);
  }

  /** Aggregate events: stored in the stream and published. Returns the stream's new version. */
  async record(manager: EntityManager, streamId: string, expectedVersion: number, events: EventEnvelope[]): Promise<number> {
    const version = await this.store.append(manager, streamId, expectedVersion, events);
    await this.outbox.enqueue(manager, events);
    return version;
  }

  /** Events that belong to no aggregate stream (a failed login for an unknown email): published only. */
  async publishOnly(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    await this.outbox.enqueue(manager, events);
  }
}
