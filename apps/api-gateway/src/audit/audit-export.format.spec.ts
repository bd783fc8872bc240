import type { AuditRecord } from '@tr4ction/audit-chain';
import { CSV_HEADER, csvCell, csvRow, formatRows, ndjsonRow } from './audit-export.format';

const RECORD: AuditRecord = {
  seq: 12,
  event_id: '0190b6a0-0000-7000-8000-000000000001',
  type: 'LoginFailed',
  occurred_at: '2026-01-01T00:00:00.000Z',
  recorded_at: '2026-01-01T00:00:01.000Z',
  actor: { type: 'user', id: null },
  subject: { type: 'user', id: 'u-1' },
  outcome: 'failure',
  source: { service: 'user-service', ip: '203.0.113.9', user_agent: 'Mozilla/5.0 (X11, "quoted")\nnext' },
  trace_id: 'ab'.repeat(16),
  data: { reason: 'wrong_password', note: 'a,b' },
  prev_hash: '0'.repeat(64),
  hash: 'f'.repeat(64),
};

/** A small RFC 4180 reader, to check what a spreadsheet or csv library would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('audit export formats', () => {
  it('writes one NDJSON line per record, exactly the record', () => {
    const line = ndjsonRow(RECORD);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(RECORD);
  });

  it('writes CSV with a header, flattened members, and quoting that round-trips', () => {
    const rows = parseCsv(CSV_HEADER + csvRow(RECORD));
    expect(rows[0]).toEqual([
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
    ]);
    const byName = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
    expect(byName).toMatchObject({ seq: '12', actor_id: '', subject_id: 'u-1', source_user_agent: RECORD.source.user_agent, hash: RECORD.hash });
    expect(JSON.parse(byName.data)).toEqual(RECORD.data);
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['plain', 'plain'],
    [' padded ', '" padded "'],
  ])('neutralises spreadsheet formulas and quotes where needed: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves numbers as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('formats a page in one string', () => {
    expect(formatRows('ndjson', [RECORD, RECORD]).split('\n')).toHaveLength(3);
    expect(formatRows('csv', [RECORD]).endsWith('\r\n')).toBe(true);
  });
});
