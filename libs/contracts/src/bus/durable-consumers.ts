/**
 * The durable JetStream consumers, and the NATS consumers each is made of.
 *
 * A durable consumer follows one subject filter (then it is one NATS consumer of its own name) or a
 * list of exact subjects. nats-server 2.9 has no multi-subject filter (2.10's `filter_subjects`), and a
 * consumer that takes every event to act on a few pays a delivery, a signature check and an ack per
 * event it ignores (three per login for the token revoker). So a list is one NATS consumer per
 * subject, named after the durable and the subject. Its dead letters, quarantine copies, metrics and
 * inbox claims keep the durable's name.
 */
import { ALL_EVENTS_SUBJECT, subjectsFor, type EventType } from '../events/catalogue';

export const DURABLE_CONSUMERS = { auditProjector: 'audit-projector', authTokenRevoker: 'auth-token-revoker' } as const;

/** The events auth-service's token revoker acts on (revocation-events.handler): it receives nothing else. */
export const TOKEN_REVOKER_EVENTS = ['PasswordChanged', 'PasswordResetByAdmin', 'UserDeleted', 'ServiceAccountRevoked'] as const satisfies readonly EventType[];

/** What each durable consumer follows (the bus permissions grant the NATS consumers these make). */
export const DURABLE_CONSUMER_SUBJECTS: Readonly<Record<(typeof DURABLE_CONSUMERS)[keyof typeof DURABLE_CONSUMERS], readonly string[]>> = {
  [DURABLE_CONSUMERS.auditProjector]: [ALL_EVENTS_SUBJECT],
  [DURABLE_CONSUMERS.authTokenRevoker]: TOKEN_REVOKER_EVENTS.flatMap((type) => subjectsFor(type)),
};

export interface NatsConsumer {
  /** The NATS consumer's durable name. */
  name: string;
  filterSubject: string;
}

/** The NATS consumers of the durable `durable` following `subjects` (see the header). */
export function natsConsumersOf(durable: string, subjects: readonly string[]): NatsConsumer[] {
  if (subjects.length === 0) throw new Error(`durable consumer ${durable} follows no subject`);
  if (subjects.length === 1) return [{ name: durable, filterSubject: subjects[0] }];
  return subjects.map((subject) => {
    // A wildcard would make an invalid name and could overlap another member's subject (a double delivery).
    if (/[*>]/.test(subject)) throw new Error(`durable consumer ${durable}: a list of subjects names them exactly, not ${subject}`);
    return { name: `${durable}_${subject.split('.').join('_')}`, filterSubject: subject };
  });
}
