/**
 * Prometheus metrics of audit-service, in its own registry. The service has no HTTP port, so the
 * text exposition is served over `rpc.audit.metrics` for the gateway's /metrics to gather.
 * Labels are event types from the catalogue (anything else counts as `unknown`), so a publisher of
 * junk subjects cannot grow the label set.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { eventTypeForSubject, isEventType } from '@tr4ction/contracts';

export function typeLabel(value: string): string {
  if (isEventType(value)) return value;
  return eventTypeForSubject(value) ?? 'unknown';
}

export class AuditMetrics {
  readonly registry = new Registry();
  readonly appended = new Counter({
    name: 'tr4ction_audit_records_appended_total',
    help: 'Audit records appended to the chain',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'tr4ction_audit_dead_letters_total',
    help: 'Events that failed on every delivery and went to the dead-letter stream',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly processing = new Histogram({
    name: 'tr4ction_audit_event_processing_seconds',
    help: 'Time from delivery to acknowledgement of an event, retries included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly headSeq = new Gauge({ name: 'tr4ction_audit_head_seq', help: 'Seq of the newest audit record this replica appended', registers: [this.registry] });
  readonly checkpointsSigned = new Counter({
    name: 'tr4ction_audit_checkpoints_signed_total',
    help: 'Checkpoints signed',
    labelNames: ['trigger'],
    registers: [this.registry],
  });
  readonly lastCheckpointSeq = new Gauge({
    name: 'tr4ction_audit_checkpoint_seq',
    help: 'Seq of the newest checkpoint this replica signed',
    registers: [this.registry],
  });
  readonly verifications = new Counter({
    name: 'tr4ction_audit_verifications_total',
    help: 'Chain verifications by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly reads = new Counter({
    name: 'tr4ction_audit_reads_total',
    help: 'Audited reads of the audit log',
    labelNames: ['endpoint'],
    registers: [this.registry],
  });
  readonly sinkLag = new Gauge({
    name: 'tr4ction_audit_sink_lag_records',
    help: 'Audit records appended but not yet acknowledged by the sink',
    labelNames: ['sink'],
    registers: [this.registry],
  });
  readonly sinkAckedSeq = new Gauge({
    name: 'tr4ction_audit_sink_acked_seq',
    help: 'Seq of the newest audit record the sink acknowledged',
    labelNames: ['sink'],
    registers: [this.registry],
  });
  readonly sinkDeliveries = new Counter({
    name: 'tr4ction_audit_sink_deliveries_total',
    help: 'Delivery attempts to the sink by result',
    labelNames: ['sink', 'result'],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tr4ction_audit_service_' });
  }

  onDeadLetter = (subject: string): void => {
    this.deadLetters.inc({ type: typeLabel(subject) });
  };

  onProcessed = (_subject: string, ms: number): void => {
    this.processing.observe(ms / 1000);
  };

  async exposition(): Promise<{ content_type: string; text: string }> {
    return { content_type: this.registry.contentType, text: await this.registry.metrics() };
  }
}
