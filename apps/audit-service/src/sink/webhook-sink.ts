/**
 * Streams the audit log to a SIEM webhook: every record, in seq order, at least once (the cursor,
 * resume, ordering and lag of `DurableAuditSink`), each batch POSTed with an HMAC-signed body.
 */
import type { DataSource } from 'typeorm';
import type { AuditRecord } from '@tr4ction/audit-chain';
import type { Logger } from '@tr4ction/telemetry';
import type { AuditMetrics } from '../metrics/audit-metrics';
import { DurableAuditSink } from './durable-audit-sink';
import { SIGNATURE_HEADER, signBody } from './webhook-signature';

export const SINK_NAME = 'webhook';

export interface WebhookSinkConfig {
  AUDIT_WEBHOOK_URL?: string;
  AUDIT_WEBHOOK_SECRET?: string;
  AUDIT_WEBHOOK_BATCH: number;
  AUDIT_WEBHOOK_TIMEOUT_MS: number;
  AUDIT_WEBHOOK_RETRY_MS: number;
  AUDIT_WEBHOOK_MAX_RETRY_MS: number;
}

/** A misconfigured sink stops the service at start rather than silently sending nothing or unsigned bodies. */
export function webhookConfigProblems(config: WebhookSinkConfig): string[] {
  if (!config.AUDIT_WEBHOOK_URL) return [];
  const problems: string[] = [];
  if (!config.AUDIT_WEBHOOK_SECRET || config.AUDIT_WEBHOOK_SECRET.length < 32)
    problems.push('AUDIT_WEBHOOK_SECRET (at least 32 characters) is required with AUDIT_WEBHOOK_URL');
  if (!/^https?:\/\//.test(config.AUDIT_WEBHOOK_URL)) problems.push('AUDIT_WEBHOOK_URL must be an http(s) URL');
  return problems;
}

/** The webhook kind of the durable sink: an HMAC-signed JSON body of the batch; a 2xx acknowledges it. */
export class WebhookSink extends DurableAuditSink {
  constructor(
    dataSource: DataSource,
    private readonly config: WebhookSinkConfig & { AUDIT_WEBHOOK_URL: string; AUDIT_WEBHOOK_SECRET: string },
    metrics: AuditMetrics,
    logger: Logger,
  ) {
    super(
      dataSource,
      { name: SINK_NAME, batch: config.AUDIT_WEBHOOK_BATCH, retryMs: config.AUDIT_WEBHOOK_RETRY_MS, maxRetryMs: config.AUDIT_WEBHOOK_MAX_RETRY_MS },
      metrics,
      logger,
    );
  }

  /** True on a 2xx; anything else (status, timeout, refused connection) is a failed delivery. */
  protected async deliver(records: AuditRecord[], first: number, last: number): Promise<boolean> {
    const body = JSON.stringify({ sink: SINK_NAME, first_seq: first, last_seq: last, records });
    try {
      const res = await fetch(this.config.AUDIT_WEBHOOK_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(this.config.AUDIT_WEBHOOK_SECRET, body),
          'x-tr4ction-seq-range': `${first}-${last}`,
        },
        body,
        signal: AbortSignal.timeout(this.config.AUDIT_WEBHOOK_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      this.logger.warn({ status: res.status, first_seq: first, last_seq: last }, 'audit webhook refused a delivery; will retry');
      return false;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown', first_seq: first, last_seq: last }, 'audit webhook delivery failed; will retry');
      return false;
    }
  }
}
