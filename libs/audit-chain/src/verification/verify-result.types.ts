import type { ChainHead } from '../chain/audit-record.types';

export type VerifyFailureReason =
  | 'seq_gap'
  | 'seq_order'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature_invalid'
  | 'truncated'
  /** A record's producer signature does not verify against the pinned bus keys. */
  | 'event_signature_invalid'
  /** A record's producer does not own its event type. */
  | 'event_producer_not_owner'
  /** A record without a producer signature after records that had one (a downgrade). */
  | 'event_proof_missing';

/**
 * The answer of `GET /audit/verify` (docs/api.md). On failure, records 1..checked are the prefix that
 * is still vouched for, `head` is its last link, and `first_bad_seq` is the first seq that is not.
 */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: ChainHead | null;
  first_bad_seq?: number;
  reason?: VerifyFailureReason;
}
