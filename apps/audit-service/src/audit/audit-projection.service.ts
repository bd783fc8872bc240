/**
 * Turns each event into the next record of the hash chain. Idempotent on event id, so a
 * redelivered event (its ack was lost) is not recorded twice. Invalid envelopes throw, and the
 * transport dead-letters them after their last delivery.
 */
import { Inject, Injectable } from '@nestjs/common';
import { chainNext, recordFieldsFromEvent, redactData } from '@tr4ction/audit-chain';
import { envelopeProblems, type EventEnvelope } from '@tr4ction/contracts';
import { CLOCK, type Clock } from '@tr4ction/platform';
import { AuditRepository } from './audit.repository';

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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async project(payload: unknown): Promise<boolean> {
    const problems = envelopeProblems(payload);
    if (problems.length) throw new PoisonEventError(problems);
    const event = payload as EventEnvelope;
    const appended = await this.repo.transaction(async (m) => {
      const head = await this.repo.lockAndReadHead(m);
      if (await this.repo.exists(m, event.id)) return false;
      const fields = recordFieldsFromEvent(event, this.clock.now().toISOString());
      // Timestamps are stored as timestamptz: hash their normalised form so a re-read verifies.
      fields.occurred_at = new Date(event.occurred_at).toISOString();
      fields.data = redactData(event.data as Record<string, unknown>);
      await this.repo.insert(m, chainNext(head, fields));
      return true;
    });
    if (this.afterCommit) await this.afterCommit(event.id);
    return appended;
  }
}
