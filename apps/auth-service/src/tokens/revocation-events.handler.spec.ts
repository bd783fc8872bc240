import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { natsConsumersOf, subjectFor, TOKEN_REVOKER_EVENTS } from '@tr4ction/contracts';
import { RevocationEventsHandler, REVOKER_CONSUMER, REVOKER_SUBJECTS } from './revocation-events.handler';

/** The event subjects the handler's methods are declared on (Nest's pattern metadata). */
function handledSubjects(): string[] {
  const proto = RevocationEventsHandler.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).flatMap((method) => {
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, proto[method] as object);
    return Array.isArray(patterns) ? patterns.map(String) : [];
  });
}

describe('the token revoker follows exactly the events it handles', () => {
  it('its consumer receives every subject a handler is declared on, and no other', () => {
    // A handler whose subject the consumer does not follow would never run; a subject without a
    // handler would cost a delivery and an ack per event for nothing.
    expect([...REVOKER_SUBJECTS].sort()).toEqual(handledSubjects().sort());
    expect([...REVOKER_SUBJECTS].sort()).toEqual(TOKEN_REVOKER_EVENTS.map(subjectFor).sort());
  });

  it('is one NATS consumer per subject, each named after the durable and its subject', () => {
    const members = natsConsumersOf(REVOKER_CONSUMER, REVOKER_SUBJECTS);
    expect(members.map((m) => m.filterSubject)).toEqual([...REVOKER_SUBJECTS]);
    expect(members.find((m) => m.filterSubject === subjectFor('UserDeleted'))?.name).toBe('auth-token-revoker_tr4ction_user_deleted_v1');
    expect(new Set(members.map((m) => m.name)).size).toBe(members.length);
  });
});
