import type { AuditRecord } from '@tr4ction/audit-chain';
import { CSV_COLUMNS, csvCell, csvHeader, csvRow, ndjsonRow } from './audit-format';

const record: AuditRecord = {
  seq: 7,
  event_id: '0190f0e0-0000-7000-8000-000000000007',
  type: 'UserRegistered',
  occurred_at: '2026-01-31T10:00:00.000Z',
  recorded_at: '2026-01-31T10:00:00.120Z',
  actor: { type: 'user', id: 'u1' },
  subject: { type: 'user', id: 'u1' },
  outcome: 'success',
  source: { service: 'user-service', ip: '203.0.113.9', user_agent: 'Mozilla/5.0, "quoted"' },
  trace_id: 'ab'.repeat(16),
  data: { email: 'ada@example.com', name: '=HYPERLINK("http://evil")' },
  prev_hash: '0'.repeat(64),
  hash: 'f'.repeat(64),
};

describe('audit export formats', () => {
  it('writes NDJSON as the exact record, one per line', () => {
    const line = ndjsonRow(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(record);
  });

  it('writes RFC 4180 CSV with one column per field', () => {
    expect(csvHeader()).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    const row = csvRow(record);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain('"Mozilla/5.0, ""quoted"""');
    expect(row.startsWith('7,0190f0e0-0000-7000-8000-000000000007,UserRegistered,')).toBe(true);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
  });
});
