/**
 * OTLP logs for the audit sink (OTLP/HTTP with the JSON encoding): where to POST, which headers, and
 * how an audit record becomes a log record. The record itself is the body, verbatim as JSON, so a
 * SIEM can check the hash chain from what it stored; the fields a SIEM filters on are attributes.
 */
import type { AuditRecord } from '@tr4ction/audit-chain';

/** OTel log severities: INFO for a success, WARN for a failure (a refused login, a reuse detected). */
const SEVERITY = { success: { number: 9, text: 'INFO' }, failure: { number: 13, text: 'WARN' } } as const;
const SCOPE = { name: 'tr4ction.audit', version: '1' };
const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The URL to POST to. The OTel spec uses a signal-specific endpoint as given; only a bare origin
 * (no path), which no collector serves logs at, gets the standard `/v1/logs` path.
 */
export function otlpLogsUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1/logs';
  return url.toString();
}

/** `OTEL_EXPORTER_OTLP_LOGS_HEADERS`: `key=value` pairs, comma separated, values percent-encoded (the OTel spec's format). */
export function parseOtlpHeaders(spec: string | undefined): { ok: true; headers: Record<string, string> } | { ok: false; problem: string } {
  const headers: Record<string, string> = {};
  for (const part of (spec ?? '').split(',')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    const key = at > 0 ? part.slice(0, at).trim() : '';
    // The value may be a credential: a problem names the entry's position, never its text.
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key))
      return { ok: false, problem: `OTEL_EXPORTER_OTLP_LOGS_HEADERS: entry ${Object.keys(headers).length + 1} is not key=value` };
    try {
      headers[key.toLowerCase()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return { ok: false, problem: `OTEL_EXPORTER_OTLP_LOGS_HEADERS: the value of ${key} is not percent-encoded text` };
    }
  }
  return { ok: true, headers };
}

export interface OtlpLogsConfig {
  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_LOGS_HEADERS?: string;
  OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: number;
  AUDIT_OTLP_LOGS_BATCH: number;
  AUDIT_OTLP_LOGS_RETRY_MS: number;
  AUDIT_OTLP_LOGS_MAX_RETRY_MS: number;
}

/** A misconfigured sink stops the service at start rather than sending nothing. */
export function otlpLogsConfigProblems(config: OtlpLogsConfig): string[] {
  if (!config.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT) return [];
  const problems: string[] = [];
  if (!/^https?:\/\//.test(config.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT)) problems.push('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT must be an http(s) URL');
  const headers = parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_LOGS_HEADERS);
  if (!headers.ok) problems.push(headers.problem);
  return problems;
}

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const str = (key: string, value: string | null | undefined): KeyValue[] =>
  value === null || value === undefined ? [] : [{ key, value: { stringValue: value } }];

/** Nanoseconds since the epoch as a decimal string (OTLP/JSON spells 64-bit integers as strings). */
function unixNano(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

export function toLogRecord(r: AuditRecord) {
  const severity = SEVERITY[r.outcome] ?? SEVERITY.success;
  return {
    timeUnixNano: unixNano(r.occurred_at),
    observedTimeUnixNano: unixNano(r.recorded_at),
    severityNumber: severity.number,
    severityText: severity.text,
    eventName: r.type,
    body: { stringValue: JSON.stringify(r) },
    attributes: [
      { key: 'tr4ction.audit.seq', value: { intValue: String(r.seq) } },
      ...str('tr4ction.audit.event_id', r.event_id),
      ...str('tr4ction.audit.type', r.type),
      ...str('tr4ction.audit.outcome', r.outcome),
      ...str('tr4ction.audit.actor.type', r.actor.type),
      ...str('tr4ction.audit.actor.id', r.actor.id),
      ...str('tr4ction.audit.subject.type', r.subject.type),
      ...str('tr4ction.audit.subject.id', r.subject.id),
      ...str('tr4ction.audit.source.service', r.source.service),
      ...str('tr4ction.audit.hash', r.hash),
      ...str('tr4ction.audit.prev_hash', r.prev_hash),
    ],
    ...(r.trace_id && TRACE_ID.test(r.trace_id) ? { traceId: r.trace_id } : {}),
  };
}

/** One ExportLogsServiceRequest holding the batch, in seq order. */
export function toExportLogsRequest(records: AuditRecord[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [...str('service.name', 'audit-service'), ...str('service.namespace', 'tr4ction')] },
        scopeLogs: [{ scope: SCOPE, logRecords: records.map(toLogRecord) }],
      },
    ],
  };
}
