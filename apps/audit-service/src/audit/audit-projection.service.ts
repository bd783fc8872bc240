/**
 * Turns each event into the next record of the hash chain. Idempotent on event id, so a
 * redelivered event (its ack was lost) is not recorded twice. Invalid envelopes throw, and the
 * transport dead-letters them after their last delivery.
 */
import { Inject, Injectable } from '@nestjs/common';
import { chainNext, recordFieldsFromEvent, type AuditRecord, type AuditRecordFields } from '@tr4ction/audit-chain';
import { envelopeProblems, type EventEnvelope } from '@tr4ction/contracts';
import { CLOCK, type Clock } from '@tr4ction/platform';
import { INVALID_TRACE_ID } from '@tr4ction/telemetry';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import { AuditMetrics } from '../metrics/audit-metrics';
import { AuditRepository } from './audit.repository';
import { projectionFor } from './projection/audit-projections';
import { storableJson } from './projection/storable-json.util';

export class PoisonEventError extends Error {
  constructor(problems: string[]) {
    super(`invalid event envelope: ${problems.join('; ')}`);
    this.name = 'PoisonEventError';
  }
}

@Injectable()
export class AuditProjectionService {
  /** Test seam: runs after the record committed and before the message is acknowledged. */
  afterCommit?: (eventId: string) => Promise<void>;

  constructor(
    private readonly repo: AuditRepository,
    private readonly checkpoints: CheckpointService,
    private readonly metrics: AuditMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async project(payload: unknown): Promise<boolean> {
    const problems = envelopeProblems(payload);
    if (problems.length) throw new PoisonEventError(problems);
    const event = payload as EventEnvelope;
    if (!projectionFor(event.type)) throw new PoisonEventError([`no audit projection for ${event.type}`]);
    const outcome = await this.repo.transaction(async (m) => {
      const head = await this.repo.lockAndReadHead(m);
      if (await this.repo.exists(m, event.id)) return null;
      const record = chainNext(head, this.fieldsOf(event));
      await this.repo.insert(m, record);
      const checkpoint = await this.checkpoints.afterAppend(m, record);
      return { record, checkpointed: checkpoint !== null };
    });
    if (outcome) this.committed(outcome.record, outcome.checkpointed);
    if (this.afterCommit) await this.afterCommit(event.id);
    return outcome !== null;
  }

  private fieldsOf(event: EventEnvelope): AuditRecordFields {
    const fields = recordFieldsFromEvent(event, this.clock.now().toISOString());
    // Timestamps are stored as timestamptz: hash their normalised form so a re-read verifies.
    fields.occurred_at = new Date(event.occurred_at).toISOString();
    // An all-zero trace id means "no trace": store that as null rather than as a shared fake id.
    if (fields.trace_id === INVALID_TRACE_ID) fields.trace_id = null;
    // chainNext redacts `data`; here only what Postgres could not store is replaced.
    return storableJson(fields);
  }

  private committed(record: AuditRecord, checkpointed: boolean): void {
    this.metrics.appended.inc({ type: record.type });
    this.metrics.headSeq.set(record.seq);
    if (checkpointed) this.checkpoints.announce();
  }
}
