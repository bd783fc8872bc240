/**
 * One unit of work: "change state + record its events + publish them after commit", written once.
 * The work runs in one transaction; the events it records go to the outbox (and, for an aggregate,
 * its event stream) in that same transaction; right after the commit the relay publishes the events
 * the work queued, so they leave at once and the relay does not read them back. The outbox row
 * stays the guarantee: whatever is not published and marked (a crash, NATS away) is swept by the
 * relay. A rollback publishes nothing and leaves no event behind.
 */
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionRollbackEvent } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import type { EventRecorder } from './event-recorder';
import { claimPending } from '../rpc/idempotency/idempotency-key';
import { enqueuedEvents, savepointRolledBack, type EnqueuedEvent, type SqlStatement } from './outbox';

/** What the relay offers a unit of work (`OutboxRelay`); absent where a module runs without one (some specs). */
export interface CommittedEventsPublisher {
  /** The transaction committed these events: publish them now. */
  publishCommitted(events: readonly EnqueuedEvent[]): void;
  /** The transaction committed events it cannot list: read the outbox now instead of at the next poll. */
  wake(): void;
}

/**
 * Tells the outbox when a savepoint is rolled back (TypeORM's nested `transaction()`): the events
 * enqueued before it may be gone while the outer transaction still commits.
 */
class SavepointRollbackWatch implements EntitySubscriberInterface {
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.isTransactionActive) savepointRolledBack(event.queryRunner.manager);
  }
}
const watched = new WeakSet<DataSource>();

function watchSavepoints(dataSource: DataSource): void {
  // Fakes in unit specs have no subscriber list and no savepoints.
  if (watched.has(dataSource) || !Array.isArray(dataSource.subscribers)) return;
  watched.add(dataSource);
  dataSource.subscribers.push(new SavepointRollbackWatch());
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
    private readonly relay: CommittedEventsPublisher | undefined,
  ) {
    watchSavepoints(dataSource);
  }

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
    // After the commit only: an event published earlier could belong to a transaction that then
    // rolls back. A commit that queued no event leaves the relay asleep (its idle poll still runs).
    const events = transaction && enqueuedEvents(transaction);
    if (events === 'sweep') this.relay?.wake();
    else if (events) this.relay?.publishCommitted(events);
    return result;
  }

  /**
   * A change of one SQL statement (or none) whose events join no aggregate stream, committed with
   * those events as one autocommit statement (`WITH change AS (...) INSERT INTO outbox ...`): no
   * BEGIN and COMMIT round trips, and the same all-or-nothing. The change's first keyword must be
   * INSERT, UPDATE or DELETE. Inside an RPC delivery whose idempotency claim is not committed yet it
   * runs as a transaction instead, which claims the request's key before the change.
   */
  async runStatement(change: SqlStatement | undefined, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0 || claimPending()) {
      await this.run(async (manager, record) => {
        if (change) await manager.query(change.sql, change.params);
        await record(events);
      });
      return;
    }
    const insert = this.recorder.outbox.insertStatement(events, change?.params.length ?? 0);
    const sql = change ? `WITH change AS (${change.sql}) ${insert.sql}` : insert.sql;
    await this.dataSource.query(sql, [...(change?.params ?? []), ...insert.params]);
    this.relay?.publishCommitted(insert.enqueued);
  }

  /** Joins a caller's open transaction: no commit and no publish here, the caller's unit of work does both. */
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
