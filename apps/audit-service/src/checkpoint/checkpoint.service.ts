/**
 * Signs checkpoints of the chain: (seq, hash) under the Ed25519 key, stored in the append-only
 * checkpoint table and announced as AuditCheckpointSigned through the outbox in the same transaction,
 * so a copy lives on the event stream, outside the database.
 *
 * - every N records: the projection calls `afterAppend` inside the append's transaction, so the
 *   checkpoint lands exactly on each multiple of N;
 * - every T seconds: a timer signs the head when records other than checkpoint announcements arrived
 *   since the last checkpoint (otherwise each announcement would trigger the next one forever).
 * Both hold the append lock, so a checkpoint always names the head as it was committed.
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { signCheckpoint, type AuditRecord, type ChainHead, type Checkpoint } from '@tr4ction/audit-chain';
import type { EventEnvelope } from '@tr4ction/contracts';
import { buildEvent, Outbox, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, LOGGER, SERVICE_CONFIG, type Clock } from '@tr4ction/platform';
import { inSpan, type Logger } from '@tr4ction/telemetry';
import { AuditRepository } from '../audit/audit.repository';
import { AUDIT_UNIT_OF_WORK } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { CHECKPOINT_KEYS, type CheckpointKeys } from './checkpoint-keys';
import { CheckpointRepository } from './checkpoint.repository';

export const CHECKPOINT_EVENT_TYPE = 'AuditCheckpointSigned';

export interface CheckpointSchedule {
  AUDIT_CHECKPOINT_EVERY: number;
  AUDIT_CHECKPOINT_SECONDS: number;
}

@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly outbox = new Outbox('audit');
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly records: AuditRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly metrics: AuditMetrics,
    @Inject(CHECKPOINT_KEYS) private readonly keys: CheckpointKeys,
    @Inject(SERVICE_CONFIG) private readonly schedule: CheckpointSchedule,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    /** The writer login's unit of work: the relay is woken after each commit that may have announced a checkpoint. */
    @Inject(AUDIT_UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.signIfStale()
        .then(
          () => undefined,
          (err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'periodic audit checkpoint failed; will retry'),
        )
        .finally(() => (this.ticking = undefined));
    }, this.schedule.AUDIT_CHECKPOINT_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** True when a record from seq `first` to `last` is to be signed when appended (`afterAppend`). */
  checkpointBetween(first: number, last: number): boolean {
    const every = this.schedule.AUDIT_CHECKPOINT_EVERY;
    return Math.floor(last / every) > Math.floor((first - 1) / every);
  }

  /** Inside the append's transaction (the append lock is held): signs when `record` lands on a multiple of N. */
  async afterAppend(m: EntityManager, record: AuditRecord): Promise<Checkpoint | null> {
    if (!this.checkpointBetween(record.seq, record.seq)) return null;
    return this.sign(m, { seq: record.seq, hash: record.hash }, 'count');
  }

  /** Signs the head if anything worth protecting arrived since the newest checkpoint. */
  async signIfStale(): Promise<Checkpoint | null> {
    return inSpan('audit checkpoint', {}, () =>
      this.unitOfWork.run(async (m) => {
        const head = await this.records.lockAndReadHead(m);
        if (!head) return null;
        const last = await this.checkpoints.lastSeq(m);
        if (last >= head.seq || !(await this.records.hasRecordsAfter(m, last, CHECKPOINT_EVENT_TYPE))) return null;
        return this.sign(m, head, 'timer');
      }),
    );
  }

  private async sign(m: EntityManager, head: ChainHead, trigger: 'count' | 'timer'): Promise<Checkpoint | null> {
    const checkpoint = signCheckpoint(this.keys.signing, head, this.clock.now());
    if (!(await this.checkpoints.insert(m, checkpoint, this.keys.publicKey))) return null;
    await this.outbox.enqueue(m, [checkpointEvent(checkpoint)]);
    this.metrics.checkpointsSigned.inc({ trigger });
    this.metrics.lastCheckpointSeq.set(checkpoint.seq);
    return checkpoint;
  }
}

/**
 * The announcement. Its `occurred_at` is the checkpoint's `signed_at` (the same instant, printed the
 * same way), so a copy read back from the stream carries everything the signature covers.
 */
export function checkpointEvent(checkpoint: Checkpoint): EventEnvelope<'AuditCheckpointSigned'> {
  return buildEvent('audit-service', undefined, {
    type: CHECKPOINT_EVENT_TYPE,
    actor: { type: 'system', id: 'audit-service' },
    subject: { type: 'audit-log', id: 'audit_log_v1' },
    data: { seq: checkpoint.seq, hash: checkpoint.hash, key_id: checkpoint.key_id, signature: checkpoint.signature },
    occurredAt: new Date(checkpoint.signed_at),
  });
}

/** A checkpoint read back from an AuditCheckpointSigned envelope, or undefined if it does not look like one. */
export function checkpointFromEvent(envelope: unknown): Checkpoint | undefined {
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const e = envelope as { type?: unknown; occurred_at?: unknown; data?: Record<string, unknown> };
  if (e.type !== CHECKPOINT_EVENT_TYPE || typeof e.occurred_at !== 'string' || typeof e.data !== 'object' || e.data === null) return undefined;
  const { seq, hash, key_id, signature } = e.data;
  if (typeof seq !== 'number' || typeof hash !== 'string' || typeof key_id !== 'string' || typeof signature !== 'string') return undefined;
  return { seq, hash, key_id, signature, signed_at: e.occurred_at };
}
