/**
 * One unit of work: "change state + record its events + wake the relay after commit", written
 * once. The work runs in one transaction; the events it records go to the outbox (and, for an
 * aggregate, its event stream) in that same transaction; right after the commit the relay is
 * woken when the work queued events, so they are published at once instead of at the next poll.
 * A rollback wakes nothing and leaves no event behind.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import type { EventRecorder } from './event-recorder';
import { enqueuedEvents } from './outbox';

/** What the relay offers a unit of work (`OutboxRelay.wake`); absent where a module runs without one (some specs). */
export interface Wakeable {
  wake(): void;
}

/** How the work records its events, inside its transaction. */
export interface RecordEvents {
  /** Events of no aggregate stream (a failed login, a recorded read): published only. */
  (events: EventEnvelope[]): Promise<void>;
  /** Events of an aggregate: appended to its stream (optimistic concurrency) and published. Returns the stream's new version. */
  toStream(streamId: string, expectedVersion: number, events: EventEnvelope[]): Promise<number>;
}

export type Work<T> = (manager: EntityManager, record: RecordEvents) => Promise<T>;

export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: EventRecorder,
    private readonly relay: Wakeable | undefined,
  ) {}

  /** The same unit of work over another pool of the same database (audit-service's writer login). */
  on(dataSource: DataSource): UnitOfWork {
    return new UnitOfWork(dataSource, this.recorder, this.relay);
  }

  async run<T>(work: Work<T>): Promise<T> {
    let transaction: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      transaction = manager;
      return work(manager, this.recording(manager));
    });
    // After the commit only: woken earlier, the relay could read before the rows are visible.
    // A commit that queued no event leaves the relay asleep (its idle poll still runs).
    if (transaction && enqueuedEvents(transaction)) this.relay?.wake();
    return result;
  }

  /** Joins a caller's open transaction: no commit and no wake here, the caller's unit of work does both. */
  within<T>(manager: EntityManager, work: Work<T>): Promise<T> {
    return work(manager, this.recording(manager));
  }

  private recording(manager: EntityManager): RecordEvents {
    const record = (events: EventEnvelope[]) => this.recorder.publishOnly(manager, events);
    return Object.assign(record, {
      toStream: (streamId: string, expectedVersion: number, events: EventEnvelope[]) => this.recorder.record(manager, streamId, expectedVersion, events),
    });
  }
}
