import { generateKeyPairSync } from 'node:crypto';
import { chainNext, verifyChain, type AuditRecord, type AuditRecordFields } from '@tr4ction/audit-chain';
import { subjectFor, type EventProof } from '@tr4ction/contracts';
import { EVENT_SIGNATURE_PURPOSE, eventSigningMessage, MessageSigner, MessageVerifier, payloadDigest } from '@tr4ction/security';
import { recordProofCheck } from './record-proof.check';

function setup() {
  const userKey = generateKeyPairSync('ed25519').privateKey;
  const authKey = generateKeyPairSync('ed25519').privateKey;
  const signers = { 'user-service': new MessageSigner('user-service', userKey), 'auth-service': new MessageSigner('auth-service', authKey) };
  const sut = recordProofCheck(
    new MessageVerifier(
      new Map([
        ['user-service', [userKey]],
        ['auth-service', [authKey]],
      ]),
    ),
  );
  const proofFor = (producer: keyof typeof signers, eventId: string, type: 'LoginFailed' | 'AllTokensRevoked'): EventProof => {
    const subject = subjectFor(type);
    const payloadSha256 = payloadDigest(Buffer.from(`payload of ${eventId}`));
    const { keyId, signature } = signers[producer].sign(EVENT_SIGNATURE_PURPOSE, eventSigningMessage({ producer, subject, eventId, payloadSha256 }));
    return { producer, subject, key_id: keyId, signature, payload_sha256: payloadSha256 };
  };
  return { sut, proofFor };
}

function fields(n: number, type: string, proof?: EventProof): AuditRecordFields {
  return {
    event_id: `0190a0b0-0000-7000-8000-00000000000${n}`,
    type,
    occurred_at: '2026-01-01T00:00:00.000Z',
    recorded_at: '2026-01-01T00:00:01.000Z',
    actor: { type: 'user', id: 'a' },
    subject: { type: 'user', id: 's' },
    outcome: 'failure',
    source: { service: 'user-service' },
    trace_id: null,
    data: {},
    ...(proof ? { proof } : {}),
  };
}

function chain(list: AuditRecordFields[]): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const f of list) out.push(chainNext(out.at(-1) ?? null, f));
  return out;
}

describe(recordProofCheck.name, () => {
  it('accepts a record whose proof verifies for its event id and type, by the type owner', () => {
    const { sut, proofFor } = setup();
    const [record] = chain([fields(1, 'LoginFailed', proofFor('user-service', fields(1, '').event_id, 'LoginFailed'))]);
    expect(sut(record)).toBeUndefined();
  });

  it('names a bad signature, a changed type or event id, and a producer that does not own the type', () => {
    const { sut, proofFor } = setup();
    const id = fields(1, '').event_id;
    const good = proofFor('user-service', id, 'LoginFailed');
    const [record] = chain([fields(1, 'LoginFailed', good)]);
    expect(sut({ ...record, proof: { ...good, signature: proofFor('user-service', fields(2, '').event_id, 'LoginFailed').signature } })).toBe(
      'event_signature_invalid',
    );
    expect(sut({ ...record, event_id: fields(2, '').event_id })).toBe('event_signature_invalid');
    expect(sut({ ...record, type: 'UserDeleted' })).toBe('event_signature_invalid');
    expect(sut({ ...record, proof: { ...good, producer: 'auth-service' } })).toBe('event_signature_invalid');
    const [forged] = chain([fields(1, 'AllTokensRevoked', proofFor('user-service', id, 'AllTokensRevoked'))]);
    expect(sut(forged)).toBe('event_producer_not_owner');
  });

  it('keeps old records without a proof verifiable, but not a record without one after records that had it', async () => {
    const { sut, proofFor } = setup();
    const legacy = chain([
      fields(1, 'LoginFailed'),
      fields(2, 'LoginFailed'),
      fields(3, 'LoginFailed', proofFor('user-service', fields(3, '').event_id, 'LoginFailed')),
    ]);
    expect(await verifyChain(legacy, [], [], sut)).toMatchObject({ ok: true, checked: 3 });
    const downgraded = chain([fields(1, 'LoginFailed', proofFor('user-service', fields(1, '').event_id, 'LoginFailed')), fields(2, 'LoginFailed')]);
    expect(await verifyChain(downgraded, [], [], sut)).toMatchObject({ ok: false, reason: 'event_proof_missing', first_bad_seq: 2, checked: 1 });
    const forged = chain([fields(1, 'LoginFailed'), fields(2, 'AllTokensRevoked', proofFor('user-service', fields(2, '').event_id, 'AllTokensRevoked'))]);
    expect(await verifyChain(forged, [], [], sut)).toMatchObject({ ok: false, reason: 'event_producer_not_owner', first_bad_seq: 2 });
  });

  it('hashes the proof with the record, so changing it breaks the chain', () => {
    const { proofFor } = setup();
    const [record] = chain([fields(1, 'LoginFailed', proofFor('user-service', fields(1, '').event_id, 'LoginFailed'))]);
    const [bare] = chain([fields(1, 'LoginFailed')]);
    expect(record.hash).not.toBe(bare.hash);
  });
});
