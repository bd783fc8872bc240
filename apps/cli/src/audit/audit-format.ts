/**
 * The two export formats. NDJSON is the exact record, one per line, for tools and for re-checking
 * hashes. CSV is for spreadsheets: nested fields are flattened into columns, `data` stays JSON, and
 * a cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with `'` (OWASP
 * CSV injection), which is why hashes are re-checked from NDJSON, not CSV.
 */
import type { AuditRecord } from '@tr4ction/audit-chain';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  'seq',
  'event_id',
  'type',
  'occurred_at',
  'recorded_at',
  'actor_type',
  'actor_id',
  'subject_type',
  'subject_id',
  'outcome',
  'source_service',
  'source_ip',
  'source_user_agent',
  'trace_id',
  'data',
  'prev_hash',
  'hash',
] as const;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(r: AuditRecord): string {
  const cells: unknown[] = [
    r.seq,
    r.event_id,
    r.type,
    r.occurred_at,
    r.recorded_at,
    r.actor?.type,
    r.actor?.id,
    r.subject?.type,
    r.subject?.id,
    r.outcome,
    r.source?.service,
    r.source?.ip,
    r.source?.user_agent,
    r.trace_id,
    r.data,
    r.prev_hash,
    r.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function ndjsonRow(r: AuditRecord): string {
  return `${JSON.stringify(r)}\n`;
}

export function formatter(format: ExportFormat): { header: string; row: (r: AuditRecord) => string } {
  return format === 'csv' ? { header: csvHeader(), row: csvRow } : { header: '', row: ndjsonRow };
}
