import { createHash } from 'node:crypto';
import type { AuditRecord, UnhashedAuditRecord } from './audit-record.types';
import { GENESIS_HASH, hashRecord } from './record-hash.util';

function firstRecord(): UnhashedAuditRecord {
  return {
    seq: 1,
    event_id: '0190a0c0-0000-7000-8000-000000000001',
    type: 'LoginSucceeded',
    occurred_at: '2025-01-01T00:00:00.000Z',
    recorded_at: '2025-01-01T00:00:00.100Z',
    actor: { type: 'user', id: 'u1' },
    subject: { type: 'user', id: 'u1' },
    outcome: 'success',
    source: { service: 'auth-service', ip: '203.0.113.7' },
    trace_id: null,
    data: { password_change_required: false },
    prev_hash: GENESIS_HASH,
  };
}

// The exact text of firstRecord() in canonical form, written out by hand as documentation.
const FIRST_RECORD_CANONICAL =
  '{"actor":{"id":"u1","type":"user"},"data":{"password_change_required":false},' +
  '"event_id":"0190a0c0-0000-7000-8000-000000000001","occurred_at":"2025-01-01T00:00:00.000Z",' +
  '"outcome":"success","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",' +
  '"recorded_at":"2025-01-01T00:00:00.100Z","seq":1,"source":{"ip":"203.0.113.7","service":"auth-service"},' +
  '"subject":{"id":"u1","type":"user"},"trace_id":null,"type":"LoginSucceeded"}';

describe(hashRecord.name, () => {
  it('is SHA-256 over the prev_hash hex text followed by the canonical JSON of the record', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + FIRST_RECORD_CANONICAL, 'utf8')
      .digest('hex');
    expect(hashRecord(firstRecord())).toBe(expected);
    // Pinned so that any change to the hashed bytes (which would orphan every stored chain) is loud.
    expect(expected).toBe('5ca5e4f8e64d63fb08d9a7f90ff15969362e43789560ca537930a29681a81452');
  });

  it('ignores a hash member on its input, so a stored record can be re-hashed as it is', () => {
    const stored: AuditRecord = { ...firstRecord(), hash: 'f'.repeat(64) };
    expect(hashRecord(stored)).toBe(hashRecord(firstRecord()));
  });

  it('does not depend on member order, but does on every value', () => {
    const { data, ...rest } = firstRecord();
    const reordered = { data, ...rest };
    expect(hashRecord(reordered)).toBe(hashRecord(firstRecord()));
    expect(hashRecord({ ...firstRecord(), outcome: 'failure' })).not.toBe(hashRecord(firstRecord()));
    expect(hashRecord({ ...firstRecord(), prev_hash: '1'.repeat(64) })).not.toBe(hashRecord(firstRecord()));
  });
});

describe('GENESIS_HASH', () => {
  it('is 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});
