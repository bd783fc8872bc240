import { ALL_EVENTS_SUBJECT, DURABLE_CONSUMERS } from '@tr4ction/contracts';
import type { JetStreamServerOptions } from '@tr4ction/messaging';
import { MAX_APPEND_BATCH } from '../audit/audit-projection.service';
import type { AuditMetrics } from '../metrics/audit-metrics';

/**
 * The durable consumer that feeds the projection: every subject, a bounded number of deliveries, and
 * the dead-letter and timing hooks wired to the service's metrics.
 */
export function auditConsumerOptions(
  config: { AUDIT_MAX_DELIVERIES: number; AUDIT_ACK_WAIT_MS: number },
  metrics: AuditMetrics,
  durable: string = DURABLE_CONSUMERS.auditProjector,
): Omit<JetStreamServerOptions, 'connection' | 'logger'> {
  return {
    durable,
    filterSubjects: [ALL_EVENTS_SUBJECT],
    maxDeliver: config.AUDIT_MAX_DELIVERIES,
    ackWaitMs: config.AUDIT_ACK_WAIT_MS,
    // Enough events in progress for the projection's group commit to fill a batch while the
    // previous one commits; every one of them is still acknowledged only after its commit.
    maxInFlight: 2 * MAX_APPEND_BATCH,
    // A backlog is handed over one transaction's worth at a time (see JetStreamServer's batch handlers).
    maxBatch: MAX_APPEND_BATCH,
    maxAckPending: 4 * MAX_APPEND_BATCH,
    onDeadLetter: metrics.onDeadLetter,
    onProcessed: metrics.onProcessed,
  };
}
