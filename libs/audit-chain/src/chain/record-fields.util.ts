import type { EventEnvelope, EventProof } from '@tr4ction/contracts';
import type { AuditRecordFields } from './audit-record.types';

/**
 * Maps an event envelope to the fields of its audit record. `recorded_at` is passed in, not read from a
 * clock, so this stays pure: the projection decides which clock stamps the record.
 */
export function recordFieldsFromEvent(event: EventEnvelope, recordedAt: string, proof?: EventProof): AuditRecordFields {
  return {
    event_id: event.id,
    type: event.type,
    occurred_at: event.occurred_at,
    recorded_at: recordedAt,
    actor: event.actor,
    subject: event.subject,
    outcome: event.outcome,
    source: event.source,
    trace_id: event.trace.trace_id,
    data: event.data,
    ...(proof === undefined ? {} : { proof }),
  };
}
