import type { KeyObject } from 'node:crypto';
import type { AuditRecord, AuditRecordFields } from '../chain/audit-record.types';
import { chainNext } from '../chain/chain-next.util';
import { GENESIS_HASH, hashRecord } from '../chain/record-hash.util';
import { signCheckpoint } from '../checkpoint/checkpoint-signature.util';
import type { Checkpoint } from '../checkpoint/checkpoint.types';
import { ed25519KeyFromSecret, ed25519PublicKey, generateEd25519Secret } from '../checkpoint/ed25519-key.util';
import { verifyChain } from './verify-chain.util';

const START = Date.UTC(2025, 0, 1);

function fieldsFor(n: number): AuditRecordFields {
  return {
    event_id: `0190a0c0-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    type: n % 2 === 0 ? 'LoginSucceeded' : 'TokenIssued',
    occurred_at: new Date(START + n * 1000).toISOString(),
    recorded_at: new Date(START + n * 1000 + 5).toISOString(),
    actor: { type: 'user', id: `user-${n % 7}` },
    subject: { type: 'user', id: `user-${n % 7}` },
    outcome: n % 5 === 0 ? 'failure' : 'success',
    source: { service: 'auth-service', ip: '203.0.113.7' },
    trace_id: n % 3 === 0 ? null : n.toString(16).padStart(32, '0'),
    data: { n, password_change_required: false },
  };
}

/** Records 1..count, generated one at a time so a long chain never sits in memory. */
function* generateChain(count: number): Generator<AuditRecord> {
  let prev: AuditRecord | null = null;
  for (let n = 1; n <= count; n++) {
    prev = chainNext(prev, fieldsFor(n));
    yield prev;
  }
}

/** What an attacker with write access does after an edit: recompute every hash from `fromSeq` on. */
function rehashFrom(records: AuditRecord[], fromSeq: number): AuditRecord[] {
  const out = records.slice(0, fromSeq - 1);
  for (const record of records.slice(fromSeq - 1)) {
    const prevHash = out[out.length - 1]?.hash ?? record.prev_hash;
    const body = { ...record, seq: out.length + 1, prev_hash: prevHash };
    out.push({ ...body, hash: hashRecord(body) });
  }
  return out;
}

function setup(count = 50, every = 10) {
  const privateKey = ed25519KeyFromSecret(generateEd25519Secret());
  const publicKey = ed25519PublicKey(privateKey);
  const records = [...generateChain(count)];
  const checkpoints = records.filter((r) => r.seq % every === 0).map((r) => signCheckpoint(privateKey, r));
  const at = (seq: number): AuditRecord => records[seq - 1];
  const headAt = (seq: number) => ({ seq, hash: at(seq).hash });
  return { privateKey, publicKey, records, checkpoints, at, headAt };
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe(verifyChain.name, () => {
  it('accepts a clean chain, from an array or an async stream', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    const expected = { ok: true, checked: 50, head: headAt(50) };
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual(expected);
    expect(await verifyChain(asAsync(records), checkpoints, [publicKey])).toEqual(expected);
  });

  it('accepts an empty log with no checkpoints', async () => {
    const { publicKey } = setup();
    expect(await verifyChain([], [], publicKey)).toEqual({ ok: true, checked: 0, head: null });
  });

  it('finds an edited record: hash_mismatch at that record', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    records[24] = { ...records[24], outcome: 'failure' === records[24].outcome ? 'success' : 'failure' };
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 24,
      head: headAt(24),
      first_bad_seq: 25,
      reason: 'hash_mismatch',
    });
  });

  it('finds an edited data member nested deep inside a record', async () => {
    const { records, checkpoints, publicKey } = setup();
    records[9] = { ...records[9], data: { ...records[9].data, n: 999 } };
    expect(await verifyChain(records, checkpoints, publicKey)).toMatchObject({ first_bad_seq: 10, reason: 'hash_mismatch' });
  });

  it('finds a record edited and re-hashed on its own: prev_hash_mismatch at the next record', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    const body = { ...records[24], data: { n: 25, forged: true } };
    records[24] = { ...body, hash: hashRecord(body) };
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 25,
      head: { seq: 25, hash: records[24].hash },
      first_bad_seq: 26,
      reason: 'prev_hash_mismatch',
    });
    void headAt;
  });

  it('finds a deleted record: seq_gap at the missing seq', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    records.splice(24, 1);
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 24,
      head: headAt(24),
      first_bad_seq: 25,
      reason: 'seq_gap',
    });
  });

  it('finds several deleted records, and a deleted record just before the end', async () => {
    const { records, checkpoints, publicKey } = setup();
    const gapped = records.filter((r) => r.seq < 12 || r.seq > 14);
    expect(await verifyChain(gapped, checkpoints, publicKey)).toMatchObject({ first_bad_seq: 12, reason: 'seq_gap' });
    const lastButOneGone = records.filter((r) => r.seq !== 49);
    expect(await verifyChain(lastButOneGone, checkpoints, publicKey)).toMatchObject({ first_bad_seq: 49, reason: 'seq_gap' });
  });

  it('finds reordered records: seq_order at the first seq out of place', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    [records[24], records[25]] = [records[25], records[24]];
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 24,
      head: headAt(24),
      first_bad_seq: 25,
      reason: 'seq_order',
    });
  });

  it('finds a duplicated record: seq_order', async () => {
    const { records, checkpoints, publicKey } = setup();
    records.splice(25, 0, records[24]);
    expect(await verifyChain(records, checkpoints, publicKey)).toMatchObject({ checked: 25, first_bad_seq: 26, reason: 'seq_order' });
  });

  it('finds rows swapped with their seq rewritten to hide it: the chain no longer links', async () => {
    const { records, checkpoints, publicKey } = setup();
    const [a, b] = [records[24], records[25]];
    records[24] = { ...b, seq: 25 };
    records[25] = { ...a, seq: 26 };
    expect(await verifyChain(records, checkpoints, publicKey)).toMatchObject({ first_bad_seq: 25, reason: 'prev_hash_mismatch' });
  });

  it('finds a re-hashed chain through the first signed checkpoint that disagrees', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    records[24] = { ...records[24], data: { n: 25, forged: true } };
    const rewritten = rehashFrom(records, 25);
    expect(await verifyChain(rewritten, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 20,
      head: headAt(20),
      first_bad_seq: 21,
      reason: 'checkpoint_mismatch',
    });
  });

  it('finds a record deleted and the rest renumbered and re-hashed', async () => {
    const { records, checkpoints, publicKey } = setup();
    records.splice(34, 1);
    expect(await verifyChain(rehashFrom(records, 35), checkpoints, publicKey)).toMatchObject({
      checked: 30,
      first_bad_seq: 31,
      reason: 'checkpoint_mismatch',
    });
  });

  it('finds a chain re-hashed from the first record: first_bad_seq 1, no trusted head', async () => {
    const { records, checkpoints, publicKey } = setup();
    records[2] = { ...records[2], type: 'UserDeleted' };
    expect(await verifyChain(rehashFrom(records, 1), checkpoints, publicKey)).toMatchObject({
      ok: false,
      checked: 0,
      head: null,
      first_bad_seq: 1,
      reason: 'checkpoint_mismatch',
    });
  });

  it('finds a truncated tail: truncated at the seq after the last record', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    expect(await verifyChain(records.slice(0, 45), checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 45,
      head: headAt(45),
      first_bad_seq: 46,
      reason: 'truncated',
    });
    expect(await verifyChain([], checkpoints, publicKey)).toEqual({ ok: false, checked: 0, head: null, first_bad_seq: 1, reason: 'truncated' });
  });

  it('cannot see a truncation after the newest checkpoint (documented limit)', async () => {
    const { records, checkpoints, publicKey } = setup(55);
    expect(await verifyChain(records.slice(0, 52), checkpoints, publicKey)).toMatchObject({ ok: true, checked: 52 });
  });

  it('finds a checkpoint with a bad signature: checkpoint_signature_invalid at its seq', async () => {
    const { records, checkpoints, publicKey, headAt } = setup();
    const sig = checkpoints[2].signature;
    checkpoints[2] = { ...checkpoints[2], signature: `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}` };
    expect(await verifyChain(records, checkpoints, publicKey)).toEqual({
      ok: false,
      checked: 29,
      head: headAt(29),
      first_bad_seq: 30,
      reason: 'checkpoint_signature_invalid',
    });
  });

  it('finds a checkpoint whose hash was changed to match a re-hashed chain', async () => {
    const { records, checkpoints, publicKey } = setup();
    records[24] = { ...records[24], data: { n: 25, forged: true } };
    const rewritten = rehashFrom(records, 25);
    const forged = checkpoints.map((c) => (c.seq >= 30 ? { ...c, hash: rewritten[c.seq - 1].hash } : c));
    expect(await verifyChain(rewritten, forged, publicKey)).toMatchObject({ first_bad_seq: 30, reason: 'checkpoint_signature_invalid' });
  });

  it('treats a checkpoint from a key it was not given as invalid, and accepts it once given', async () => {
    const { records, checkpoints, publicKey } = setup();
    const rotated = ed25519KeyFromSecret(generateEd25519Secret());
    const mixed = [...checkpoints.slice(0, 3), ...checkpoints.slice(3).map((c) => signCheckpoint(rotated, c))];
    expect(await verifyChain(records, mixed, publicKey)).toMatchObject({ first_bad_seq: 40, reason: 'checkpoint_signature_invalid' });
    expect(await verifyChain(records, mixed, [publicKey, ed25519PublicKey(rotated)])).toMatchObject({ ok: true, checked: 50 });
  });

  it('tells a forged checkpoint beyond the head from a real truncation', async () => {
    const { records, checkpoints, publicKey, privateKey } = setup();
    const realHash = records[49].hash;
    const forgedBeyond: Checkpoint = { ...checkpoints[4], seq: 60 };
    expect(await verifyChain(records, [...checkpoints, forgedBeyond], publicKey)).toEqual({
      ok: false,
      checked: 50,
      head: { seq: 50, hash: realHash },
      first_bad_seq: 60,
      reason: 'checkpoint_signature_invalid',
    });
    const genuineBeyond = signCheckpoint(privateKey, { seq: 60, hash: 'ee'.repeat(32) });
    expect(await verifyChain(records, [...checkpoints, forgedBeyond, genuineBeyond], publicKey)).toMatchObject({
      first_bad_seq: 51,
      reason: 'truncated',
    });
  });

  it('fails up front on a checkpoint whose seq is not a positive integer', async () => {
    const { records, checkpoints, publicKey } = setup();
    const bad = { ...checkpoints[0], seq: Number.NaN };
    expect(await verifyChain(records, [bad, ...checkpoints], publicKey)).toEqual({
      ok: false,
      checked: 0,
      head: null,
      reason: 'checkpoint_signature_invalid',
    });
  });

  it('finds a first record that does not start from the genesis hash', async () => {
    const { records, publicKey } = setup();
    const body = { ...records[0], prev_hash: 'f'.repeat(64) };
    records[0] = { ...body, hash: hashRecord(body) };
    expect(await verifyChain(records, [], publicKey)).toMatchObject({ checked: 0, head: null, first_bad_seq: 1, reason: 'prev_hash_mismatch' });
  });

  it('reads records that canonicalJson refuses as a hash mismatch, not a crash', async () => {
    const { records, publicKey } = setup();
    records[3] = { ...records[3], data: { bad: Number.NaN } };
    expect(await verifyChain(records, [], publicKey)).toMatchObject({ first_bad_seq: 4, reason: 'hash_mismatch' });
  });

  it('stops reading and closes the stream at the first problem', async () => {
    const { records, checkpoints, publicKey } = setup();
    records[4] = { ...records[4], type: 'Edited' };
    let read = 0;
    let closed = false;
    async function* cursor(): AsyncGenerator<AuditRecord> {
      try {
        for (const record of records) {
          read++;
          yield record;
        }
      } finally {
        closed = true;
      }
    }
    expect(await verifyChain(cursor(), checkpoints, publicKey)).toMatchObject({ first_bad_seq: 5 });
    expect(read).toBe(5);
    expect(closed).toBe(true);
  });

  describe('over 100,000 records streamed from an async generator', () => {
    const COUNT = 100_000;
    const hashes: string[] = [];
    let publicKey: KeyObject;
    let checkpoints: Checkpoint[];

    // The chain is built once and only its hashes are kept, so the stream can rebuild each record
    // cheaply and the run measures the verifier rather than the fixture.
    beforeAll(() => {
      const privateKey = ed25519KeyFromSecret(generateEd25519Secret());
      publicKey = ed25519PublicKey(privateKey);
      checkpoints = [];
      for (const record of generateChain(COUNT)) {
        hashes.push(record.hash);
        if (record.seq % 10_000 === 0) checkpoints.push(signCheckpoint(privateKey, record));
      }
    }, 120_000);

    async function* stream(tamperSeq?: number): AsyncGenerator<AuditRecord> {
      for (let seq = 1; seq <= COUNT; seq++) {
        const fields = fieldsFor(seq);
        if (seq === tamperSeq) fields.outcome = fields.outcome === 'success' ? 'failure' : 'success';
        yield { seq, ...fields, prev_hash: seq === 1 ? GENESIS_HASH : hashes[seq - 2], hash: hashes[seq - 1] };
      }
    }

    it('verifies the whole chain', async () => {
      expect(await verifyChain(stream(), checkpoints, publicKey)).toEqual({
        ok: true,
        checked: COUNT,
        head: { seq: COUNT, hash: hashes[COUNT - 1] },
      });
    }, 120_000);

    it('finds one edited record among them', async () => {
      expect(await verifyChain(stream(77_777), checkpoints, publicKey)).toEqual({
        ok: false,
        checked: 77_776,
        head: { seq: 77_776, hash: hashes[77_775] },
        first_bad_seq: 77_777,
        reason: 'hash_mismatch',
      });
    }, 120_000);
  });
});
