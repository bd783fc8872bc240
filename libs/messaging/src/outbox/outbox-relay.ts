/**
 * Publishes outbox rows to JetStream and marks them sent only after the stream acknowledged them.
 * Two paths, one guarantee (the row is the event until it is marked):
 * - `publishCommitted`: right after a unit of work commits, its events are published from memory
 *   and marked in one statement, so the common case costs no transaction and no read-back.
 * - the sweep (`drainOnce`, on every poll and whenever a direct publish failed): rows are claimed
 *   with FOR UPDATE SKIP LOCKED, so several replicas share the work without publishing a row twice
 *   at once.
 * A row published but not marked (a crash, a lost connection, both paths racing) is published again
 * under the same `Nats-Msg-Id`, which the stream drops within its duplicate window; past it, the
 * consumers' inbox drops it. Every message is signed by this process's bus identity over the exact
 * bytes it publishes (see signing/event-signature.headers.ts): consumers apply nothing without that proof.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { JetStreamClient } from 'nats';
import type { MessageSigner } from '@tr4ction/security';
import type { Logger } from '@tr4ction/telemetry';
import { inSpan, platformMetrics, recordHeaderBag, registerOutboxBacklog, ROOT_CONTEXT, SpanKind, spanContextFrom } from '@tr4ction/telemetry';
import { natsHeaderBag, newHeaders } from '../nats/nats-headers';
import { signEventHeaders } from '../signing/event-signature.headers';
import type { EnqueuedEvent } from './outbox';
import type { CommittedEventsPublisher } from './unit-of-work';

interface OutboxRow {
  position: string;
  event_id: string;
  subject: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/** What a publish needs of an event, from a row read back or from the transaction that enqueued it. */
type Publishable = Pick<OutboxRow, 'event_id' | 'subject' | 'headers'>;

export interface OutboxRelayOptions {
  batchSize?: number;
  idlePollMs?: number;
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
  /** Rows sent longer ago than this are pruned. */
  retainSentMs?: number;
  /** Test seam: runs after the publishes are acknowledged and before rows are marked sent. */
  afterPublish?: (eventIds: string[]) => Promise<void>;
}

export interface OutboxRelayStats {
  published: number;
  failures: number;
  lastError?: string;
}

export class OutboxRelay implements CommittedEventsPublisher {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  // A wake that arrives while a batch is being published must not be lost: without this flag the
  // new rows would wait a whole idle poll, which is too slow for revocation events.
  private wakeRequested = false;
  private lastPrune = 0;
  private unregisterBacklog?: () => void;
  /** Direct publishes not yet marked: `stop` lets them finish before the connection goes. */
  private readonly publishing = new Set<Promise<void>>();
  readonly stats: OutboxRelayStats = { published: 0, failures: 0 };
  private readonly table: string;
  private readonly opts: Required<Omit<OutboxRelayOptions, 'afterPublish'>> & Pick<OutboxRelayOptions, 'afterPublish'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly js: JetStreamClient,
    private readonly signer: MessageSigner,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.table = `"${schema}".outbox`;
    this.opts = {
      batchSize: options.batchSize ?? 256,
      idlePollMs: options.idlePollMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 2000,
      publishTimeoutMs: options.publishTimeoutMs ?? 5000,
      retainSentMs: options.retainSentMs ?? 24 * 60 * 60 * 1000,
      afterPublish: options.afterPublish,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unregisterBacklog = registerOutboxBacklog(this.schema, () => this.backlog());
    this.loop = this.run();
  }

  /**
   * Called right after a transaction that enqueued `events` commits. Not awaited by the caller: the
   * change is durable already, and a failure only hands the rows to the sweep.
   */
  publishCommitted(events: readonly EnqueuedEvent[]): void {
    // Not started (a spec drives drainOnce itself) or stopping: the rows wait in the outbox.
    if (!this.running) return;
    const attempt = this.publishAndMark(events).catch((err: unknown) => {
      this.stats.failures++;
      this.stats.lastError = err instanceof Error ? err.message : String(err);
      this.wake();
    });
    this.publishing.add(attempt);
    void attempt.finally(() => this.publishing.delete(attempt));
  }

  private async publishAndMark(events: readonly EnqueuedEvent[]): Promise<void> {
    await Promise.all(events.map((e) => this.publish(e, Buffer.from(e.payload))));
    this.countPublished(events.length);
    // One autocommit statement. `sent_at IS NULL`: a sweep that took the rows meanwhile keeps its mark.
    await this.dataSource.query(`UPDATE ${this.table} SET sent_at = now() WHERE event_id = ANY($1::uuid[]) AND sent_at IS NULL`, [
      events.map((e) => e.event_id),
    ]);
  }

  /** Read the outbox now instead of at the next poll (a commit whose events could not be listed, a failed direct publish). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unregisterBacklog?.();
    this.wake();
    await this.loop;
    await Promise.all([...this.publishing]);
  }

  /** Unsent rows, for the outbox-backlog metric and readiness. */
  async backlog(): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(`SELECT count(*) AS n FROM ${this.table} WHERE sent_at IS NULL`);
    return Number(rows[0]?.n ?? 0);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        // Cleared before the read: a row committed before this point is read now, a wake after it repeats the drain.
        this.wakeRequested = false;
        const sent = await this.drainOnce();
        backoff = 100;
        if (sent === this.opts.batchSize) continue;
        await this.maybePrune();
        await this.sleep(this.opts.idlePollMs);
      } catch (err) {
        this.stats.failures++;
        this.stats.lastError = err instanceof Error ? err.message : String(err);
        if (this.stats.failures % 20 === 1)
          this.logger.warn({ err_name: (err as Error).name, err: this.stats.lastError }, 'outbox relay cannot publish yet; events stay in the outbox');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs);
      }
    }
  }

  /**
   * The sweep: publishes one batch of unsent rows; returns how many were marked sent. The rows are marked in the
   * statement that takes them (locked, skipping those another replica holds), before the publish:
   * the mark commits only after every publish was acknowledged, and a failed publish rolls it back.
   */
  async drainOnce(): Promise<number> {
    // Most polls find nothing now that commits publish their own events: one read by the partial
    // index instead of a transaction of three statements.
    const [pending]: Array<{ any: boolean }> = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM ${this.table} WHERE sent_at IS NULL) AS any`);
    if (!pending?.any) return 0;
    return this.dataSource.transaction(async (manager: EntityManager) => {
      // TypeORM answers an UPDATE with [rows, count].
      const [taken]: [OutboxRow[], number] = await manager.query(
        `UPDATE ${this.table} SET sent_at = now() WHERE position IN (
           SELECT position FROM ${this.table} WHERE sent_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING position, event_id, subject, envelope, headers`,
        [this.opts.batchSize],
      );
      if (taken.length === 0) return 0;
      // RETURNING follows no order: publish in the order the events were recorded.
      const rows = [...taken].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
      await Promise.all(rows.map((row) => this.publish(row, Buffer.from(JSON.stringify(row.envelope)))));
      if (this.opts.afterPublish) await this.opts.afterPublish(rows.map((r) => r.event_id));
      this.countPublished(rows.length);
      return rows.length;
    });
  }

  private countPublished(n: number): void {
    this.stats.published += n;
    platformMetrics.outboxPublished().inc({ schema: this.schema }, n);
  }

  /**
   * The publish happens later and elsewhere than the change, so it is its own span (a root, as the
   * relay's loop belongs to no request) linked to the event's creation span. The message carries
   * the creation context unchanged: its consumers are children of the change, one trace per flow.
   */
  private async publish(row: Publishable, payload: Buffer): Promise<void> {
    const creation = spanContextFrom(recordHeaderBag({ ...row.headers }));
    await inSpan(
      `${row.subject} publish`,
      {
        kind: SpanKind.PRODUCER,
        parent: ROOT_CONTEXT,
        links: creation ? [{ context: creation, attributes: { 'tr4ction.link': 'outbox.enqueued_by' } }] : [],
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': row.subject,
          'messaging.operation.type': 'publish',
          'messaging.operation.name': 'publish',
          'messaging.message.id': row.event_id,
          'tr4ction.outbox.schema': this.schema,
        },
      },
      async () => {
        const h = newHeaders();
        const carried = natsHeaderBag(h);
        for (const [key, value] of Object.entries(row.headers ?? {})) if (key === 'traceparent' || key === 'tracestate') carried.set(key, value);
        signEventHeaders(this.signer, row.subject, row.event_id, payload, h);
        await this.js.publish(row.subject, payload, { msgID: row.event_id, headers: h, timeout: this.opts.publishTimeoutMs });
      },
    );
  }

  private async maybePrune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE sent_at < now() - ($1::bigint * interval '1 millisecond')`, [this.opts.retainSentMs]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // A stop that came while a batch was in progress found no sleep to end: never start one after it.
      if (this.wakeRequested || !this.running) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
