import type { EventProof } from '@tr4ction/contracts';
import { redactData } from '../redaction/redact-data.util';
import type { AuditRecord, AuditRecordFields, ChainHead } from './audit-record.types';
import { CHAIN_HASH_PATTERN, GENESIS_HASH, hashRecord } from './record-hash.util';

/**
 * Builds the record that follows `prev` (or the first record when `prev` is null).
 *
 * Only the contract's members are copied, and optional ones left out rather than set to undefined:
 * the hash must cover exactly what the database stores and gives back, or verification fails later.
 * `data` goes through `redactData` here so that no caller can forget it.
 */
export function chainNext(prev: ChainHead | null, fields: AuditRecordFields): AuditRecord {
  if (prev !== null) assertChainHead(prev);
  const { source } = fields;
  const body = {
    seq: prev === null ? 1 : prev.seq + 1,
    event_id: fields.event_id,
    type: fields.type,
    occurred_at: fields.occurred_at,
    recorded_at: fields.recorded_at,
    actor: { type: fields.actor.type, id: fields.actor.id },
    subject: { type: fields.subject.type, id: fields.subject.id },
    outcome: fields.outcome,
    source: {
      service: source.service,
      ...(source.ip === undefined ? {} : { ip: source.ip }),
      ...(source.user_agent === undefined ? {} : { user_agent: source.user_agent }),
    },
    trace_id: fields.trace_id,
    data: redactData(fields.data),
    ...(fields.proof === undefined ? {} : { proof: copyProof(fields.proof) }),
    prev_hash: prev === null ? GENESIS_HASH : prev.hash,
  };
  return { ...body, hash: hashRecord(body) };
}

function copyProof(proof: EventProof): EventProof {
  return { producer: proof.producer, subject: proof.subject, key_id: proof.key_id, signature: proof.signature, payload_sha256: proof.payload_sha256 };
}

function assertChainHead(prev: ChainHead): void {
  if (!Number.isSafeInteger(prev.seq) || prev.seq < 1) {
    throw new RangeError(`chainNext: previous seq must be a positive integer, got ${String(prev.seq)}`);
  }
  if (!CHAIN_HASH_PATTERN.test(prev.hash)) {
    throw new RangeError('chainNext: previous hash must be 64 lower-case hex characters');
  }
}
