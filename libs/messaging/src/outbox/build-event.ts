import {
  createEvent,
  type Actor,
  type EventDataMap,
  type EventEnvelope,
  type EventSubjectRef,
  type EventType,
  type Outcome,
  type RequestMeta,
} from '@tr4ction/contracts';
import { currentTrace } from '@tr4ction/telemetry';

export interface BuildEventInput<T extends EventType> {
  type: T;
  subject: EventSubjectRef;
  data: EventDataMap[T];
  outcome?: Outcome;
  /** Overrides the requester (e.g. the system seeding accounts). */
  actor?: Actor;
  occurredAt?: Date;
}

/** An envelope for an event caused by `meta`'s request, stamped with the active trace. */
export function buildEvent<T extends EventType>(service: string, meta: RequestMeta | undefined, input: BuildEventInput<T>): EventEnvelope<T> {
  return createEvent({
    type: input.type,
    actor: input.actor ?? meta?.actor ?? { type: 'system', id: null },
    subject: input.subject,
    outcome: input.outcome,
    source: { service, ...(meta?.ip ? { ip: meta.ip } : {}), ...(meta?.user_agent ? { user_agent: meta.user_agent } : {}) },
    trace: currentTrace(),
    data: input.data,
    occurredAt: input.occurredAt,
  });
}
