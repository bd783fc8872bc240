/**
 * Verification under each kind of tampering, done as an attacker with database access would: as the
 * superuser, with the append-only triggers disabled. Every scenario starts from the same fresh chain
 * of 35 records, checkpointed at 10, 20 and 30, with each checkpoint also announced on the stream.
 */
import { connect, type NatsConnection } from 'nats';
import type { EntityManager } from 'typeorm';
import {
  generateEd25519Secret,
  GENESIS_HASH,
  hashRecord,
  rawEd25519PublicKey,
  ed25519KeyFromSecret,
  ed25519PublicKey,
  signCheckpoint,
  type AuditRecord,
} from '@tr4ction/audit-chain';
import { generateKeyPairSync } from 'node:crypto';
import { createEvent, subjectFor } from '@tr4ction/contracts';
import { ensureStreams, EVENTS_STREAM, publishSignedEvent } from '@tr4ction/messaging';
import { MessageSigner } from '@tr4ction/security';
import { processMetricsRegistry } from '@tr4ction/telemetry';
import { PrivateNats, waitFor } from '@tr4ction/testing';
import { AuditHarness, event, ownerProof } from '../testing/audit-harness';
import { CheckpointStreamReader } from '../checkpoint/checkpoint-stream.reader';
import { AuditVerificationService } from './audit-verification.service';

/** Rewrites records from `fromSeq` on so each links and hashes correctly again, as a careful attacker would. */
async function rehashFrom(m: EntityManager, records: AuditRecord[], fromSeq: number): Promise<void> {
  let prev = fromSeq === 1 ? GENESIS_HASH : records[fromSeq - 2].hash;
  for (const r of records.slice(fromSeq - 1)) {
    const hash = hashRecord({ ...r, prev_hash: prev });
    await m.query('UPDATE audit.audit_log_v1 SET prev_hash = $1, hash = $2 WHERE seq = $3', [prev, hash, r.seq]);
    prev = hash;
  }
}

/** Changes the outcome of one record in place, as an UPDATE would. */
async function setOutcome(m: EntityManager, seq: number, outcome: 'success' | 'failure'): Promise<void> {
  await m.query('UPDATE audit.audit_log_v1 SET outcome = $1 WHERE seq = $2', [outcome, seq]);
}

describe(AuditVerificationService.name, () => {
  const key = generateEd25519Secret();
  let h: AuditHarness;
  let nats: PrivateNats;
  let nc: NatsConnection;
  let stream: CheckpointStreamReader;

  async function freshChain(): Promise<AuditRecord[]> {
    // The stream denies purges (write-once): emptied by deleting and declaring it again.
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(EVENTS_STREAM);
    await ensureStreams(jsm);
    await h.reset();
    await h.append(35);
    await waitFor(
      async () => {
        const copy = await stream.latest();
        return copy.status === 'found' && copy.checkpoint.seq === 30;
      },
      { what: 'checkpoint 30 on the stream' },
    );
    return h.records();
  }

  beforeAll(async () => {
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    h = await AuditHarness.start({ checkpointEvery: 10, checkpointKey: key, nats: nc });
    stream = new CheckpointStreamReader(nc, h.logger, h.bus, h.keys);
  });

  afterAll(async () => {
    await h?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('accepts the untouched chain, checked against the stored checkpoints and the copy on the stream', async () => {
    await freshChain();
    expect(await h.verification.verify()).toEqual({
      ok: true,
      checked: 35,
      head: { seq: 35, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      checkpoints: { stored: 3, outside_copy_seq: 30 },
    });
  });

  it('finds an edited record (a failed login turned into a success)', async () => {
    const records = await freshChain();
    expect(records[15]).toMatchObject({ seq: 16, type: 'LoginFailed', outcome: 'failure' });
    await h.tamper((m) => setOutcome(m, 16, 'success'));
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'hash_mismatch', first_bad_seq: 16, checked: 15 });
  });

  it('finds a deleted record', async () => {
    await freshChain();
    await h.tamper('DELETE FROM audit.audit_log_v1 WHERE seq = 17');
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'seq_gap', first_bad_seq: 17, checked: 16 });
  });

  it('finds reordered records', async () => {
    await freshChain();
    await h.tamper(async (m) => {
      await m.query('UPDATE audit.audit_log_v1 SET seq = 1000017 WHERE seq = 17');
      await m.query('UPDATE audit.audit_log_v1 SET seq = 17 WHERE seq = 18');
      await m.query('UPDATE audit.audit_log_v1 SET seq = 18 WHERE seq = 1000017');
    });
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'prev_hash_mismatch', first_bad_seq: 17, checked: 16 });
  });

  it('finds a record edited and re-hashed on its own (the next link breaks)', async () => {
    const records = await freshChain();
    await h.tamper(async (m) => {
      await setOutcome(m, 16, 'success');
      const hash = hashRecord({ ...records[15], outcome: 'success' });
      await m.query('UPDATE audit.audit_log_v1 SET hash = $1 WHERE seq = 16', [hash]);
    });
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'prev_hash_mismatch', first_bad_seq: 17, checked: 16 });
  });

  it('finds a record edited with the whole rest of the chain re-hashed (the checkpoints disagree)', async () => {
    const records = await freshChain();
    await h.tamper(async (m) => {
      await setOutcome(m, 16, 'success');
      await rehashFrom(
        m,
        records.map((r) => (r.seq === 16 ? { ...r, outcome: 'success' } : r)),
        16,
      );
    });
    // The rewrite lies after the last checkpoint that still matches (10): 11 is the first seq not vouched for.
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', first_bad_seq: 11, checked: 10 });
  });

  it('finds a truncated tail', async () => {
    await freshChain();
    await h.tamper('DELETE FROM audit.audit_log_v1 WHERE seq > 25');
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'truncated', first_bad_seq: 26, checked: 25 });
  });

  it('finds a truncated tail even when the checkpoints naming it were deleted too, from the copy on the stream', async () => {
    await freshChain();
    await h.tamper(async (m) => {
      await m.query('DELETE FROM audit.audit_log_v1 WHERE seq > 25');
      await m.query('DELETE FROM audit.audit_checkpoints_v1 WHERE seq > 25');
    });
    expect(await h.verification.verify()).toMatchObject({
      ok: false,
      reason: 'truncated',
      first_bad_seq: 26,
      checkpoints: { stored: 2, outside_copy_seq: 30 },
    });
    // Without the copy outside the database this attack would not show: why the announcement exists.
    const databaseOnly = await h.restart({ checkpointEvery: 10, checkpointKey: key });
    expect(await databaseOnly.verification.verify()).toMatchObject({ ok: true, checked: 25 });
  });

  it('finds a fully re-hashed chain whose stored checkpoints were all deleted, from the copy on the stream', async () => {
    const records = await freshChain();
    await h.tamper(async (m) => {
      await setOutcome(m, 3, 'success');
      await rehashFrom(
        m,
        records.map((r) => (r.seq === 3 ? { ...r, outcome: 'success' } : r)),
        3,
      );
      await m.query('DELETE FROM audit.audit_checkpoints_v1');
    });
    expect(await h.verification.verify()).toMatchObject({
      ok: false,
      reason: 'checkpoint_mismatch',
      first_bad_seq: 1,
      checkpoints: { stored: 0, outside_copy_seq: 30 },
    });
  });

  it('rejects checkpoints forged with the attacker’s own key, even with that key stored beside them', async () => {
    const records = await freshChain();
    const attackerKey = ed25519KeyFromSecret(generateEd25519Secret());
    await h.tamper(async (m) => {
      await setOutcome(m, 16, 'success');
      await rehashFrom(
        m,
        records.map((r) => (r.seq === 16 ? { ...r, outcome: 'success' } : r)),
        16,
      );
      const rewritten: Array<{ seq: string; hash: string }> = await m.query('SELECT seq, hash FROM audit.audit_log_v1 WHERE seq IN (20, 30) ORDER BY seq');
      await m.query('DELETE FROM audit.audit_checkpoints_v1 WHERE seq >= 20');
      for (const row of rewritten) {
        const forged = signCheckpoint(attackerKey, { seq: Number(row.seq), hash: row.hash });
        await m.query('INSERT INTO audit.audit_checkpoints_v1 (seq, hash, key_id, public_key, signature, signed_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          forged.seq,
          forged.hash,
          forged.key_id,
          rawEd25519PublicKey(attackerKey).toString('base64'),
          forged.signature,
          forged.signed_at,
        ]);
      }
    });
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'checkpoint_signature_invalid', first_bad_seq: 20 });
  });

  it('ignores a checkpoint copy on the stream that no trusted key signed, and it does not shadow the real one', async () => {
    await freshChain();
    const junk = {
      type: 'AuditCheckpointSigned',
      occurred_at: new Date().toISOString(),
      data: { seq: 99, hash: 'ab'.repeat(32), key_id: '0123456789abcdef', signature: 'A'.repeat(86) },
    };
    await nc.jetstream().publish('tr4ction.audit.checkpoint-signed.v1', JSON.stringify(junk));
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: 35, checkpoints: { stored: 3, outside_copy_seq: 30 } });
  });

  it('refuses a newer copy under a stolen-but-wrong bus key, even with a valid checkpoint signature, and keeps the real one', async () => {
    const records = await freshChain();
    const alerts = async () =>
      (await processMetricsRegistry().getSingleMetric('tr4ction_bus_security_alerts_total')?.get())?.values.find(
        (v) => v.labels.consumer === 'audit-checkpoint-reader' && v.labels.reason === 'unknown_key',
      )?.value ?? 0;
    const before = await alerts();
    // The checkpoint key is the real one (an insider's copy); the bus key is not pinned.
    const checkpoint = signCheckpoint(ed25519KeyFromSecret(key), { seq: 35, hash: records[34].hash });
    const forged = createEvent({
      type: 'AuditCheckpointSigned',
      actor: { type: 'system', id: null },
      subject: { type: 'audit-log', id: 'audit_log_v1' },
      source: { service: 'audit-service' },
      trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
      data: { seq: 35, hash: checkpoint.hash, key_id: checkpoint.key_id, signature: checkpoint.signature },
      occurredAt: new Date(checkpoint.signed_at),
    });
    await publishSignedEvent(nc.jetstream(), new MessageSigner('audit-service', generateKeyPairSync('ed25519').privateKey), forged);
    const copy = await stream.latest();
    expect(copy).toMatchObject({ status: 'found', checkpoint: { seq: 30 }, refused: 1 });
    expect((await alerts()) - before).toBe(1);
  });

  it('detects a genuine-looking copy whose seq and hash do not match the chain', async () => {
    await freshChain();
    // Signed with both real keys (as a compromised audit-service could): believed only if the chain agrees.
    const checkpoint = signCheckpoint(ed25519KeyFromSecret(key), { seq: 35, hash: 'ef'.repeat(32) });
    const lie = createEvent({
      type: 'AuditCheckpointSigned',
      actor: { type: 'system', id: null },
      subject: { type: 'audit-log', id: 'audit_log_v1' },
      source: { service: 'audit-service' },
      trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
      data: { seq: 35, hash: checkpoint.hash, key_id: checkpoint.key_id, signature: checkpoint.signature },
      occurredAt: new Date(checkpoint.signed_at),
    });
    await publishSignedEvent(nc.jetstream(), h.bus.signer('audit-service'), lie);
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', first_bad_seq: 31 });
  });

  it('reports a record whose producer proof does not verify, and a record without one after signed records', async () => {
    await freshChain();
    const prove = ownerProof(h.bus);
    const genuine = event('LoginFailed', { reason: 'wrong_password' }, { outcome: 'failure' });
    await h.projection.project(genuine, prove(genuine));
    expect(await h.verification.verify()).toMatchObject({ ok: true, checked: 36 });
    // An insert by someone holding no bus key: a proof borrowed from another event does not verify.
    const forged = event('AllTokensRevoked', { reason: 'forged', not_before: '9999-01-01T00:00:00.000Z' });
    await h.projection.project(forged, { ...prove(genuine), subject: subjectFor('AllTokensRevoked') });
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'event_signature_invalid', first_bad_seq: 37, checked: 36 });
  });

  it('reports a record without a proof after signed records (a downgrade)', async () => {
    await freshChain();
    const prove = ownerProof(h.bus);
    const signed = event('LoginSucceeded', { password_change_required: false });
    await h.projection.project(signed, prove(signed));
    await h.projection.project(event('LoginSucceeded', { password_change_required: false }));
    expect(await h.verification.verify()).toMatchObject({ ok: false, reason: 'event_proof_missing', first_bad_seq: 37 });
  });

  describe('after a key rotation', () => {
    const next = generateEd25519Secret();
    const previousPublic = rawEd25519PublicKey(ed25519PublicKey(ed25519KeyFromSecret(key))).toString('base64');

    it('verifies old checkpoints with the previous public key from configuration', async () => {
      await freshChain();
      const rotated = await h.restart({ checkpointEvery: 10, checkpointKey: next, previousPublicKeys: [previousPublic] });
      await rotated.append(10); // checkpoint 40 under the new key
      expect(await rotated.verification.verify()).toMatchObject({ ok: true, checked: 45, checkpoints: { stored: 4 } });
    });

    it('does not trust the old checkpoints once the previous key is no longer configured', async () => {
      const forgetful = await h.restart({ checkpointEvery: 10, checkpointKey: next });
      expect(await forgetful.verification.verify()).toMatchObject({ ok: false, reason: 'checkpoint_signature_invalid', first_bad_seq: 10 });
    });
  });
});
