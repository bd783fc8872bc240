/**
 * Turns each event into the next record of the hash chain. Idempotent on event id, so a
 * redelivered event (its ack was lost) is not recorded twice. Invalid envelopes throw, and the
 * transport dead-letters them after their last delivery.
 *
 * Events that arrive while an append is running, or within a few milliseconds of an idle
 * projector's first one, are appended together (group commit: one lock, one read of the head with
 * the duplicate check, one multi-row INSERT for the batch), and each event's promise settles only after that commit, so its
 * message is acknowledged after it too.
 *
 * While this process is the only one appending, a batch usually needs neither the head (it is the
 * record this process committed last) nor the duplicate check (the unique event id refuses a
 * recorded event): such a batch is one statement instead of a transaction of five
 * (`AuditRepository.appendAfter`), and falls back to the transaction whenever that guess is wrong.
 */
import { Inject, Injectable } from '@nestjs/common';
import { chainNext, recordFieldsFromEvent, type AuditRecord, type AuditRecordFields, type ChainHead } from '@tr4ction/audit-chain';
import { envelopeProblems, type EventEnvelope, type EventProof } from '@tr4ction/contracts';
import type { UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, type Clock } from '@tr4ction/platform';
import { isDatabaseUnavailable } from '@tr4ction/persistence';
import { INVALID_TRACE_ID } from '@tr4ction/telemetry';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import { AUDIT_UNIT_OF_WORK } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { AuditRepository } from './audit.repository';
import { applyRecord } from '../temporal/temporal.repository';
import { transitionsOf } from '../temporal/temporal-fold';
import { GroupCommit } from './group-commit';
import { projectionFor } from './projection/audit-projections';
import { storableJson } from './projection/storable-json.util';

export class PoisonEventError extends Error {
  constructor(problems: string[]) {
    super(`invalid event envelope: ${problems.join('; ')}`);
    this.name = 'PoisonEventError';
  }
}

/** Records appended by one transaction at most: a backlog drains in batches of this size. */
export const MAX_APPEND_BATCH = 2000;
/**
 * How long an event that finds the projector idle waits for the rest of its flow (GroupCommit's
 * linger): a login's three events then share one append transaction instead of paying one each.
 */
export const APPEND_LINGER_MS = 5;
/**
 * How long after seeing another writer's records a batch goes straight to the locked transaction:
 * with several replicas appending, the one-statement guess would mostly be wrong and cost a statement.
 */
export const SHARED_LOG_BACKOFF_MS = 1000;

@Injectable()
export class AuditProjectionService {
  /** Test seam: runs after the record committed and before the message is acknowledged. */
  afterCommit?: (eventId: string) => Promise<void>;

  /** The newest record as this process last committed or read it under the lock; null before it knows. */
  private knownHead: ChainHead | null = null;
  /** When this process last found records it had not written (`SHARED_LOG_BACKOFF_MS`). */
  private sharedSeenAt = Number.NEGATIVE_INFINITY;

  // Items are the records' fields, prepared before the transaction: only the chaining (which needs
  // the head) happens while the append lock is held, so one batch is prepared while another commits.
  private readonly appends = new GroupCommit<AuditRecordFields, AuditRecord | null>({
    commit: (batch) => this.append(batch),
    maxBatch: MAX_APPEND_BATCH,
    isTransient: isDatabaseUnavailable,
    lingerMs: APPEND_LINGER_MS,
  });

  constructor(
    private readonly repo: AuditRepository,
    private readonly checkpoints: CheckpointService,
    private readonly metrics: AuditMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    /** The writer login's unit of work: a batch that lands on a checkpoint announces it through the outbox. */
    @Inject(AUDIT_UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
  ) {}

  /** `proof`: the producer's verified signature, kept in the record (the transport checked it). */
  async project(payload: unknown, proof?: EventProof): Promise<boolean> {
    const event = this.validEvent(payload);
    const record = await this.appends.submit(this.fieldsOf(event, proof));
    if (this.afterCommit) await this.afterCommit(event.id);
    return record !== null;
  }

  /**
   * A batch from the consumer, appended together; how many were new. One invalid envelope fails the
   * whole batch before anything is written, and the transport then retries its events one by one.
   */
  async projectBatch(payloads: unknown[], proofs: ReadonlyArray<EventProof | undefined> = []): Promise<number> {
    const events = payloads.map((payload) => this.validEvent(payload));
    const records = await this.appends.submitAll(events.map((event, i) => this.fieldsOf(event, proofs[i])));
    if (this.afterCommit) for (const event of events) await this.afterCommit(event.id);
    return records.filter((record) => record !== null).length;
  }

  private validEvent(payload: unknown): EventEnvelope {
    const problems = envelopeProblems(payload);
    if (problems.length) throw new PoisonEventError(problems);
    const event = payload as EventEnvelope;
    if (!projectionFor(event.type)) throw new PoisonEventError([`no audit projection for ${event.type}`]);
    return event;
  }

  /** A batch's records: the next records of the chain, or null for an event already recorded. */
  private async append(batch: AuditRecordFields[]): Promise<Array<AuditRecord | null>> {
    const appended = (await this.appendOntoKnownHead(batch)) ?? (await this.appendLocked(batch));
    for (const record of appended) if (record) this.committed(record);
    return appended;
  }

  /**
   * The batch in one statement, chained onto the head this process knows; null (nothing written)
   * when the batch needs more than an INSERT (a temporal projection, a checkpoint) or the head moved.
   */
  private async appendOntoKnownHead(batch: AuditRecordFields[]): Promise<AuditRecord[] | null> {
    const known = this.knownHead;
    if (!known || Date.now() - this.sharedSeenAt < SHARED_LOG_BACKOFF_MS) return null;
    // Decided before any hashing: a backlog's batch of 2,000 always holds a checkpoint.
    if (this.checkpoints.checkpointBetween(known.seq + 1, known.seq + batch.length)) return null;
    const records: AuditRecord[] = [];
    let head = known;
    for (const fields of batch) {
      const record = chainNext(head, fields);
      if (transitionsOf(record).length > 0) return null;
      records.push(record);
      head = { seq: record.seq, hash: record.hash };
    }
    if (!(await this.repo.appendAfter(known, records))) return null;
    this.knownHead = head;
    return records;
  }

  /** One transaction for a batch, under the append lock: reads the head and skips recorded events. */
  private async appendLocked(batch: AuditRecordFields[]): Promise<Array<AuditRecord | null>> {
    const outcome = await this.unitOfWork.run(async (m) => {
      const locked = await this.repo.lockForAppend(
        m,
        batch.map((fields) => fields.event_id),
      );
      if (this.knownHead && (locked.head?.seq !== this.knownHead.seq || locked.head?.hash !== this.knownHead.hash)) this.sharedSeenAt = Date.now();
      let head = locked.head;
      const recorded = locked.recorded;
      const results: Array<AuditRecord | null> = [];
      const records: AuditRecord[] = [];
      for (const fields of batch) {
        // Also a duplicate inside the batch (a redelivery that overtook its first delivery).
        if (recorded.has(fields.event_id)) {
          results.push(null);
          continue;
        }
        recorded.add(fields.event_id);
        const record = chainNext(head, fields);
        head = { seq: record.seq, hash: record.hash };
        records.push(record);
        results.push(record);
      }
      await this.repo.insertMany(m, records);
      // The temporal projections, in the same transaction: an as-of answer's evidence always exists.
      for (const record of records) await applyRecord(m, record);
      for (const record of records) await this.checkpoints.afterAppend(m, record);
      return { results, head };
    });
    this.knownHead = outcome.head;
    return outcome.results;
  }

  private fieldsOf(event: EventEnvelope, proof: EventProof | undefined): AuditRecordFields {
    const fields = recordFieldsFromEvent(event, this.clock.now().toISOString(), proof);
    // Timestamps are stored as timestamptz: hash their normalised form so a re-read verifies.
    fields.occurred_at = new Date(event.occurred_at).toISOString();
    // An all-zero trace id means "no trace": store that as null rather than as a shared fake id.
    if (fields.trace_id === INVALID_TRACE_ID) fields.trace_id = null;
    // chainNext redacts `data`; here only what Postgres could not store is replaced.
    return storableJson(fields);
  }

  private committed(record: AuditRecord): void {
    this.metrics.appended.inc({ type: record.type });
    this.metrics.headSeq.set(record.seq);
  }
}
