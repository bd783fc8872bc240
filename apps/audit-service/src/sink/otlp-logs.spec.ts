import type { AuditRecord } from '@tr4ction/audit-chain';
import { otlpLogsConfigProblems, otlpLogsUrl, parseOtlpHeaders, toExportLogsRequest } from './otlp-logs';

const record: AuditRecord = {
  seq: 42,
  event_id: '018f0000-0000-7000-8000-000000000001',
  type: 'LoginFailed',
  occurred_at: '2026-03-03T12:00:00.123Z',
  recorded_at: '2026-03-03T12:00:00.456Z',
  actor: { type: 'user', id: 'u-1' },
  subject: { type: 'user', id: 'u-1' },
  outcome: 'failure',
  source: { service: 'user-service' },
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  data: { reason: 'INVALID_CREDENTIALS' },
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('OTLP logs of the audit sink', () => {
  it('posts to a signal endpoint as given, and to /v1/logs of a bare origin', () => {
    expect(otlpLogsUrl('http://collector:4318')).toBe('http://collector:4318/v1/logs');
    expect(otlpLogsUrl('http://collector:4318/')).toBe('http://collector:4318/v1/logs');
    expect(otlpLogsUrl('https://siem.example.com/v1/logs')).toBe('https://siem.example.com/v1/logs');
    expect(otlpLogsUrl('https://siem.example.com/ingest/otlp')).toBe('https://siem.example.com/ingest/otlp');
  });

  it('reads the headers variable as the OTel spec writes it, and names a bad entry without its value', () => {
    expect(parseOtlpHeaders(undefined)).toEqual({ ok: true, headers: {} });
    expect(parseOtlpHeaders('Authorization=Bearer%20abc, x-tenant = acme ,')).toEqual({
      ok: true,
      headers: { authorization: 'Bearer abc', 'x-tenant': 'acme' },
    });
    const bad = parseOtlpHeaders('x-a=1,api-key-without-equals-s3cret');
    expect(bad).toEqual({ ok: false, problem: expect.stringContaining('entry 2') });
    expect(JSON.stringify(bad)).not.toContain('s3cret');
    expect(
      otlpLogsConfigProblems({
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'ftp://x',
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: '=v',
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: 1000,
        AUDIT_OTLP_LOGS_BATCH: 1,
        AUDIT_OTLP_LOGS_RETRY_MS: 10,
        AUDIT_OTLP_LOGS_MAX_RETRY_MS: 60_000,
      }),
    ).toHaveLength(2);
    expect(
      otlpLogsConfigProblems({
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: 1000,
        AUDIT_OTLP_LOGS_BATCH: 1,
        AUDIT_OTLP_LOGS_RETRY_MS: 10,
        AUDIT_OTLP_LOGS_MAX_RETRY_MS: 60_000,
      }),
    ).toEqual([]);
  });

  it('makes each record a log record: the record verbatim as the body, its fields as attributes, times in nanoseconds', () => {
    const request = toExportLogsRequest([record]);
    expect(request.resourceLogs[0].resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'audit-service' } });
    const [log] = request.resourceLogs[0].scopeLogs[0].logRecords;
    expect(JSON.parse(log.body.stringValue)).toEqual(record);
    expect(log).toMatchObject({
      timeUnixNano: '1772539200123000000',
      observedTimeUnixNano: '1772539200456000000',
      severityNumber: 13,
      severityText: 'WARN',
      eventName: 'LoginFailed',
      traceId: record.trace_id,
    });
    expect(log.attributes).toEqual(
      expect.arrayContaining([
        { key: 'tr4ction.audit.seq', value: { intValue: '42' } },
        { key: 'tr4ction.audit.outcome', value: { stringValue: 'failure' } },
        { key: 'tr4ction.audit.hash', value: { stringValue: record.hash } },
      ]),
    );
    const success = toExportLogsRequest([{ ...record, outcome: 'success', trace_id: null, actor: { type: 'system', id: null } }]).resourceLogs[0].scopeLogs[0]
      .logRecords[0];
    expect(success).toMatchObject({ severityNumber: 9, severityText: 'INFO' });
    expect(success).not.toHaveProperty('traceId');
    expect(success.attributes.map((a) => a.key)).not.toContain('tr4ction.audit.actor.id');
  });
});
