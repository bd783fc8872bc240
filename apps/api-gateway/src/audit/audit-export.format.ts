/**
 * The two export formats of `GET /audit/events/export`.
 * - NDJSON: each record exactly as stored, one per line; the form to re-verify hashes from.
 * - CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, quote or
 *   line break. Nested members are flattened into columns and `data` is kept as JSON text. Cells
 *   that a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) get a leading
 *   apostrophe (OWASP CSV injection advice), so CSV is for reading, NDJSON for re-hashing.
 */
import type { AuditRecord } from '@tr4ction/audit-chain';

export type ExportFormat = 'csv' | 'ndjson';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const CSV_COLUMNS: Array<[string, (r: AuditRecord) => unknown]> = [
  ['seq', (r) => r.seq],
  ['event_id', (r) => r.event_id],
  ['type', (r) => r.type],
  ['occurred_at', (r) => r.occurred_at],
  ['recorded_at', (r) => r.recorded_at],
  ['actor_type', (r) => r.actor?.type],
  ['actor_id', (r) => r.actor?.id],
  ['subject_type', (r) => r.subject?.type],
  ['subject_id', (r) => r.subject?.id],
  ['outcome', (r) => r.outcome],
  ['source_service', (r) => r.source?.service],
  ['source_ip', (r) => r.source?.ip],
  ['source_user_agent', (r) => r.source?.user_agent],
  ['trace_id', (r) => r.trace_id],
  ['data', (r) => JSON.stringify(r.data ?? {})],
  ['prev_hash', (r) => r.prev_hash],
  ['hash', (r) => r.hash],
];

export const CSV_HEADER = `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(record: AuditRecord): string {
  return `${CSV_COLUMNS.map(([, get]) => csvCell(get(record))).join(',')}\r\n`;
}

export function ndjsonRow(record: AuditRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function formatRows(format: ExportFormat, records: readonly AuditRecord[]): string {
  const row = format === 'csv' ? csvRow : ndjsonRow;
  let out = '';
  for (const record of records) out += row(record);
  return out;
}
