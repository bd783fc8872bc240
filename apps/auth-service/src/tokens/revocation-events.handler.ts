/**
 * Durable reactions (JetStream consumer `auth-token-revoker`): a deleted user or a revoked service
 * account loses every token at once. Each event is claimed in the inbox inside the transaction
 * that records the cutoff, so a redelivery changes nothing.
 */
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { ALL_EVENTS_SUBJECT, DURABLE_CONSUMERS, subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import { claimEvent, JETSTREAM } from '@tr4ction/messaging';
import { DATA_SOURCE } from '@tr4ction/platform';
import { RevocationService } from './revocation.service';

export const REVOKER_CONSUMER = DURABLE_CONSUMERS.authTokenRevoker;
/**
 * One filter for everything: NATS 2.9 (the development machines) has no multi-subject filters,
 * and events without a handler here are acknowledged at once.
 */
export const REVOKER_SUBJECTS = [ALL_EVENTS_SUBJECT];

@Controller()
export class RevocationEventsHandler {
  constructor(
    private readonly revocation: RevocationService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @EventPattern(subjectFor('UserDeleted'), JETSTREAM)
  onUserDeleted(@Payload() event: EventEnvelope<'UserDeleted'>): Promise<void> {
    return this.cutOff(event, 'user_deleted');
  }

  @EventPattern(subjectFor('ServiceAccountRevoked'), JETSTREAM)
  onServiceAccountRevoked(@Payload() event: EventEnvelope<'ServiceAccountRevoked'>): Promise<void> {
    return this.cutOff(event, 'service_account_revoked');
  }

  private async cutOff(event: EventEnvelope, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimEvent(m, 'auth', REVOKER_CONSUMER, event.id))) return;
      await this.revocation.revokeSubject({ user_id: event.subject.id, reason }, { actor: event.actor }, m);
    });
  }
}
