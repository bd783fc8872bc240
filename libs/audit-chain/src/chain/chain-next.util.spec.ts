import { REDACTED } from '../redaction/redact-data.util';
import type { AuditRecordFields } from './audit-record.types';
import { chainNext } from './chain-next.util';
import { GENESIS_HASH, hashRecord } from './record-hash.util';

function fields(overrides: Partial<AuditRecordFields> = {}): AuditRecordFields {
  return {
    event_id: '0190a0c0-0000-7000-8000-000000000001',
    type: 'TokenIssued',
    occurred_at: '2025-01-01T00:00:00.000Z',
    recorded_at: '2025-01-01T00:00:00.050Z',
    actor: { type: 'user', id: 'u1' },
    subject: { type: 'user', id: 'u1' },
    outcome: 'success',
    source: { service: 'auth-service' },
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    data: { jti: 'j1', kind: 'access', expires_at: '2025-01-01T00:15:00.000Z' },
    ...overrides,
  };
}

describe(chainNext.name, () => {
  it('starts the chain at seq 1 on the genesis hash', () => {
    const first = chainNext(null, fields());
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
    expect(first.hash).toBe(hashRecord(first));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links each record to the one before it', () => {
    const first = chainNext(null, fields());
    const second = chainNext(first, fields({ event_id: '0190a0c0-0000-7000-8000-000000000002' }));
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    expect(second.hash).toBe(hashRecord(second));
    expect(second.hash).not.toBe(first.hash);
  });

  it('redacts data before hashing it', () => {
    const record = chainNext(null, fields({ data: { reason: 'user', password: 'hunter2' } }));
    expect(record.data).toEqual({ reason: 'user', password: REDACTED });
    expect(record.hash).toBe(hashRecord(record));
  });

  it('keeps only the contract members and leaves absent optional ones out, as the database will', () => {
    const extra = { ...fields(), version: 1, trace: { trace_id: 'x', span_id: 'y' } };
    const record = chainNext(null, { ...extra, source: { service: 'auth-service', ip: undefined } });
    expect(Object.keys(record).sort()).toEqual([
      'actor',
      'data',
      'event_id',
      'hash',
      'occurred_at',
      'outcome',
      'prev_hash',
      'recorded_at',
      'seq',
      'source',
      'subject',
      'trace_id',
      'type',
    ]);
    expect(Object.keys(record.source)).toEqual(['service']);
    expect(record.hash).toBe(chainNext(null, fields()).hash);
  });

  it('refuses a malformed previous link', () => {
    expect(() => chainNext({ seq: 0, hash: GENESIS_HASH }, fields())).toThrow(RangeError);
    expect(() => chainNext({ seq: 1.5, hash: GENESIS_HASH }, fields())).toThrow(RangeError);
    expect(() => chainNext({ seq: 1, hash: 'ABC' }, fields())).toThrow(RangeError);
  });
});
