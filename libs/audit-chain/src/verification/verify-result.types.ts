import type { ChainHead } from '../chain/audit-record.types';

export type VerifyFailureReason =
  | 'seq_gap'
  | 'seq_order'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature_invalid'
  | 'truncated';

/**
 * The answer of `GET /audit/verify` (CONTRACT.md). On failure, records 1..checked are the prefix that
 * is still vouched for, `head` is its last link, and `first_bad_seq` is the first seq that is not.
 */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: ChainHead | null;
  first_bad_seq?: number;
  reason?: VerifyFailureReason;
}
