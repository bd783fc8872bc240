import type { AuditRecord, ChainHead } from '../chain/audit-record.types';
import { GENESIS_HASH, hashRecord } from '../chain/record-hash.util';
import { checkpointVerifier, type CheckpointTrust } from '../checkpoint/checkpoint-signature.util';
import type { Checkpoint } from '../checkpoint/checkpoint.types';
import type { VerifyFailureReason, VerifyResult } from './verify-result.types';

/**
 * Judges a record's producer signature (`record.proof`, present): undefined when it holds. Supplied by
 * the caller, who holds the pinned bus keys; records from before events were signed have no proof and
 * are vouched for by the chain alone, but once one record has a proof every later one must.
 */
export type ProofCheck = (record: AuditRecord) => 'event_signature_invalid' | 'event_producer_not_owner' | undefined;

interface JudgedCheckpoint {
  seq: number;
  hash: string;
  valid: boolean;
}

/**
 * Verifies the audit chain as it streams past, in constant memory: it keeps the previous link, the
 * last matching checkpoint and at most one record of look-ahead, never the records themselves.
 * Records must arrive in seq order (ORDER BY seq); stopping early closes the iterator (and so a cursor).
 *
 * Checks, and the `first_bad_seq` each reports (the first seq at which the problem is visible):
 * - `seq_gap`: a seq is missing (a deleted record): the missing seq;
 * - `seq_order`: a record arrives before its turn or twice (reordered rows): the seq whose turn it was;
 * - `prev_hash_mismatch`: a record does not link to the one before it (typically the record after
 *   one that was edited and re-hashed on its own): that record;
 * - `hash_mismatch`: a record's content no longer gives its hash (an edit): that record;
 * - `checkpoint_signature_invalid`: a checkpoint is not signed by any of `publicKeys` (a forged or
 *   altered checkpoint, or a verifying key that was not supplied): the checkpoint's seq. A checkpoint
 *   with a seq that is not a positive integer fails the whole run up front, without `first_bad_seq`;
 * - `checkpoint_mismatch`: the chain is internally consistent but a signed checkpoint disagrees with it
 *   (an attacker edited a record and recomputed every later hash): the rewrite lies somewhere after the
 *   last checkpoint that still matched, so the first seq after that checkpoint (1 if none matched);
 * - `truncated`: a valid checkpoint names a seq beyond the last record (the tail was cut): last seq + 1;
 * - with `checkProof`: `event_signature_invalid` / `event_producer_not_owner` for a record whose
 *   producer proof fails, `event_proof_missing` for one without a proof after records that had one.
 *
 * Limits: records after the newest checkpoint are protected by the hash chain alone, so deleting or
 * re-hashing only them cannot be seen; sign checkpoints often. Every key that ever signed a stored
 * checkpoint must be passed in `publicKeys`, or its checkpoints count as invalid.
 */
export async function verifyChain(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  checkpoints: readonly Checkpoint[],
  publicKeys: CheckpointTrust | readonly CheckpointTrust[],
  checkProof?: ProofCheck,
): Promise<VerifyResult> {
  const isSigned = checkpointVerifier(publicKeys);
  const judged: JudgedCheckpoint[] = checkpoints.map((cp) => ({ seq: cp.seq, hash: cp.hash, valid: isSigned(cp) }));
  if (judged.some((cp) => !Number.isSafeInteger(cp.seq) || cp.seq < 1)) {
    return { ok: false, checked: 0, head: null, reason: 'checkpoint_signature_invalid' };
  }
  // Invalid before valid at the same seq, so a forged checkpoint is named rather than a mismatch.
  judged.sort((a, b) => a.seq - b.seq || Number(a.valid) - Number(b.valid));

  let head: ChainHead | null = null;
  let trusted: ChainHead | null = null;
  let nextCheckpoint = 0;
  let skipped: { expected: number; seen: number } | null = null;
  let proofsSeen = false;

  for await (const record of records) {
    // A gap is only certain once the next record shows the missing one is not merely late.
    if (skipped !== null) return failure(record.seq < skipped.seen ? 'seq_order' : 'seq_gap', skipped.expected, head);
    const expected = (head?.seq ?? 0) + 1;
    if (!Number.isSafeInteger(record.seq) || record.seq < expected) return failure('seq_order', expected, head);
    if (record.seq > expected) {
      skipped = { expected, seen: record.seq };
      continue;
    }
    if (record.prev_hash !== (head?.hash ?? GENESIS_HASH)) return failure('prev_hash_mismatch', record.seq, head);
    if (!hashMatches(record)) return failure('hash_mismatch', record.seq, head);
    if (checkProof) {
      if (record.proof) {
        proofsSeen = true;
        const problem = checkProof(record);
        if (problem) return failure(problem, record.seq, head);
      } else if (proofsSeen) {
        return failure('event_proof_missing', record.seq, head);
      }
    }
    while (nextCheckpoint < judged.length && judged[nextCheckpoint].seq <= record.seq) {
      const checkpoint = judged[nextCheckpoint++];
      if (!checkpoint.valid) return failure('checkpoint_signature_invalid', record.seq, head);
      if (checkpoint.hash !== record.hash) return failure('checkpoint_mismatch', (trusted?.seq ?? 0) + 1, trusted);
      trusted = { seq: checkpoint.seq, hash: checkpoint.hash };
    }
    head = { seq: record.seq, hash: record.hash };
  }

  if (skipped !== null) return failure('seq_gap', skipped.expected, head);
  const beyondHead = judged.slice(nextCheckpoint);
  if (beyondHead.some((cp) => cp.valid)) return failure('truncated', (head?.seq ?? 0) + 1, head);
  if (beyondHead.length > 0) return failure('checkpoint_signature_invalid', beyondHead[0].seq, head);
  return { ok: true, checked: head?.seq ?? 0, head };
}

function hashMatches(record: AuditRecord): boolean {
  try {
    return hashRecord(record) === record.hash;
  } catch {
    // Content that canonicalJson refuses can never have been hashed by chainNext.
    return false;
  }
}

function failure(reason: VerifyFailureReason, firstBadSeq: number, head: ChainHead | null): VerifyResult {
  return { ok: false, checked: head?.seq ?? 0, head, first_bad_seq: firstBadSeq, reason };
}
