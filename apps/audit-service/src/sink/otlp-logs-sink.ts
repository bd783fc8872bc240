/**
 * Streams the audit log to an OpenTelemetry collector as OTLP logs (OTLP/HTTP, JSON): every record,
 * in seq order, at least once, with the cursor, resume, ordering and lag of `DurableAuditSink`.
 * A 2xx acknowledges the batch. Anything else is retried from the same seq, whatever the OTel spec
 * allows a lossy exporter to drop: an audit sink never skips a record.
 */
import type { DataSource } from 'typeorm';
import type { AuditRecord } from '@tr4ction/audit-chain';
import type { Logger } from '@tr4ction/telemetry';
import type { AuditMetrics } from '../metrics/audit-metrics';
import { DurableAuditSink } from './durable-audit-sink';
import { otlpLogsUrl, parseOtlpHeaders, toExportLogsRequest, type OtlpLogsConfig } from './otlp-logs';

export const OTLP_LOGS_SINK_NAME = 'otlp-logs';

export class OtlpLogsSink extends DurableAuditSink {
  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(
    dataSource: DataSource,
    private readonly config: OtlpLogsConfig & { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: string },
    metrics: AuditMetrics,
    logger: Logger,
  ) {
    super(
      dataSource,
      {
        name: OTLP_LOGS_SINK_NAME,
        batch: config.AUDIT_OTLP_LOGS_BATCH,
        retryMs: config.AUDIT_OTLP_LOGS_RETRY_MS,
        maxRetryMs: config.AUDIT_OTLP_LOGS_MAX_RETRY_MS,
      },
      metrics,
      logger,
    );
    this.url = otlpLogsUrl(config.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT);
    const headers = parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_LOGS_HEADERS);
    // Checked at start-up (otlpLogsConfigProblems); a bad value here is a programming error.
    if (!headers.ok) throw new Error(headers.problem);
    this.headers = headers.headers;
  }

  protected async deliver(records: AuditRecord[], first: number, last: number): Promise<boolean> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/json' },
        body: JSON.stringify(toExportLogsRequest(records)),
        signal: AbortSignal.timeout(this.config.OTEL_EXPORTER_OTLP_LOGS_TIMEOUT),
      });
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        this.logger.warn({ status: res.status, first_seq: first, last_seq: last }, 'OTLP logs receiver refused a delivery; will retry');
        return false;
      }
      const rejected = rejectedLogRecords(text);
      // A partial success is final by the OTLP spec (the receiver will not take those records on a retry): said loudly, not resent.
      if (rejected > 0)
        this.logger.warn({ rejected, first_seq: first, last_seq: last }, 'OTLP logs receiver rejected some audit records of an acknowledged batch');
      return true;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown', first_seq: first, last_seq: last }, 'OTLP logs delivery failed; will retry');
      return false;
    }
  }
}

/** `partialSuccess.rejectedLogRecords` of an ExportLogsServiceResponse (0 when absent or not JSON). */
function rejectedLogRecords(text: string): number {
  try {
    const body = JSON.parse(text) as { partialSuccess?: { rejectedLogRecords?: string | number } };
    return Number(body?.partialSuccess?.rejectedLogRecords ?? 0) || 0;
  } catch {
    return 0;
  }
}
