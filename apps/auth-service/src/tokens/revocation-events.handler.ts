/**
 * Durable reactions (JetStream consumer `auth-token-revoker`, which receives only the events handled
 * here: TOKEN_REVOKER_EVENTS): a deleted user or a revoked service
 * account loses every token at once; a changed password ends every other session of the user, a
 * reset password every session. Each event is claimed in the inbox inside the transaction that
 * applies it, so a redelivery changes nothing.
 */
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DURABLE_CONSUMER_SUBJECTS, DURABLE_CONSUMERS, subjectFor, UUID_PATTERN, type EventEnvelope, type SessionEndReason } from '@tr4ction/contracts';
import { claimEvent, JETSTREAM, type UnitOfWork } from '@tr4ction/messaging';
import { UNIT_OF_WORK } from '@tr4ction/platform';
import { countTokenEvents } from './token-metrics';
import { RevocationService } from './revocation.service';

export const REVOKER_CONSUMER = DURABLE_CONSUMERS.authTokenRevoker;
/** The subjects of the events handled here, and nothing else (a spec keeps the two lists equal). */
export const REVOKER_SUBJECTS = DURABLE_CONSUMER_SUBJECTS[REVOKER_CONSUMER];

@Controller()
export class RevocationEventsHandler {
  constructor(
    private readonly revocation: RevocationService,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The session the change was made from stays; sessions started after the change are not touched. */
  @EventPattern(subjectFor('PasswordChanged'), JETSTREAM)
  onPasswordChanged(@Payload() event: EventEnvelope<'PasswordChanged'>): Promise<void> {
    const keep = event.data.session_id;
    return this.endSessions(event, 'password_changed', typeof keep === 'string' && UUID_PATTERN.test(keep) ? keep : undefined);
  }

  @EventPattern(subjectFor('PasswordResetByAdmin'), JETSTREAM)
  onPasswordReset(@Payload() event: EventEnvelope<'PasswordResetByAdmin'>): Promise<void> {
    return this.endSessions(event, 'password_reset', undefined);
  }

  private async endSessions(event: EventEnvelope, reason: SessionEndReason, exceptSessionId: string | undefined): Promise<void> {
    if (event.outcome !== 'success' || !UUID_PATTERN.test(event.subject.id)) return;
    await this.unitOfWork.run(async (m, record) => {
      if (!(await claimEvent(m, 'auth', REVOKER_CONSUMER, event.id))) return;
      const { events } = await this.revocation.endSessions(m, { userId: event.subject.id, exceptSessionId, startedBy: new Date(event.occurred_at) }, reason, {
        actor: event.actor,
      });
      await record(countTokenEvents(events));
    });
  }

  @EventPattern(subjectFor('UserDeleted'), JETSTREAM)
  onUserDeleted(@Payload() event: EventEnvelope<'UserDeleted'>): Promise<void> {
    return this.cutOff(event, 'user_deleted');
  }

  @EventPattern(subjectFor('ServiceAccountRevoked'), JETSTREAM)
  onServiceAccountRevoked(@Payload() event: EventEnvelope<'ServiceAccountRevoked'>): Promise<void> {
    return this.cutOff(event, 'service_account_revoked');
  }

  private async cutOff(event: EventEnvelope, reason: string): Promise<void> {
    await this.unitOfWork.run(async (m) => {
      if (!(await claimEvent(m, 'auth', REVOKER_CONSUMER, event.id))) return;
      await this.revocation.revokeSubject(
        { user_id: event.subject.id, reason, session_reason: reason === 'user_deleted' ? 'user_deleted' : 'revoked' },
        { actor: event.actor },
        m,
      );
    });
  }
}
