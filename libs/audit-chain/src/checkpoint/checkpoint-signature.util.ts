import { KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json.util';
import type { ChainHead } from '../chain/audit-record.types';
import { CHAIN_HASH_PATTERN } from '../chain/record-hash.util';
import type { Checkpoint } from './checkpoint.types';
import { assertEd25519, ed25519KeyId, ed25519PublicKey } from './ed25519-key.util';

/** Domain separation: a checkpoint signature can never be replayed as a signature over anything else. */
export const CHECKPOINT_PURPOSE = 'tr4ction.audit.checkpoint.v1';

const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;
// 64 signature bytes in unpadded base64url are exactly 86 characters; stricter than Buffer's lenient decoder.
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/**
 * The exact bytes that are signed, published so that auditors can verify with any Ed25519 tool:
 * UTF-8 of canonicalJson({ purpose, seq, hash, key_id, signed_at }). `key_id` and `signed_at` are
 * covered so neither can be changed after signing.
 */
export function checkpointMessage(checkpoint: Omit<Checkpoint, 'signature'>): Buffer {
  const { seq, hash, key_id, signed_at } = checkpoint;
  return Buffer.from(canonicalJson({ purpose: CHECKPOINT_PURPOSE, seq, hash, key_id, signed_at }), 'utf8');
}

export function signCheckpoint(privateKey: KeyObject, head: ChainHead, signedAt: Date = new Date()): Checkpoint {
  assertEd25519(privateKey, 'signCheckpoint');
  if (privateKey.type !== 'private') throw new TypeError('signCheckpoint: a private key is required');
  if (!Number.isSafeInteger(head.seq) || head.seq < 1) throw new RangeError('signCheckpoint: seq must be a positive integer');
  if (!CHAIN_HASH_PATTERN.test(head.hash)) throw new RangeError('signCheckpoint: hash must be 64 lower-case hex characters');
  const unsigned = { seq: head.seq, hash: head.hash, key_id: ed25519KeyId(privateKey), signed_at: signedAt.toISOString() };
  return { ...unsigned, signature: sign(null, checkpointMessage(unsigned), privateKey).toString('base64url') };
}

/**
 * A public key verification trusts. A retired key carries `notAfter`, the instant it stopped
 * signing: a checkpoint it signed later (someone holding the old private key, after the rotation)
 * is not believed.
 */
export interface TrustedCheckpointKey {
  key: KeyObject;
  notAfter?: Date;
}

export type CheckpointTrust = KeyObject | TrustedCheckpointKey;

/**
 * True when the checkpoint is well formed and signed by one of `publicKeys` (chosen by `key_id`)
 * within that key's validity window. Never throws on a bad checkpoint: it is data read back from
 * storage and may have been tampered with.
 */
export function verifyCheckpoint(publicKeys: CheckpointTrust | readonly CheckpointTrust[], checkpoint: Checkpoint): boolean {
  return checkpointVerifier(publicKeys)(checkpoint);
}

/** `verifyCheckpoint` with the key ids computed once, for verifying many checkpoints. */
export function checkpointVerifier(publicKeys: CheckpointTrust | readonly CheckpointTrust[]): (checkpoint: Checkpoint) => boolean {
  const byId = new Map<string, Array<{ key: KeyObject; notAfter?: number }>>();
  for (const entry of Array.isArray(publicKeys) ? publicKeys : [publicKeys]) {
    const trusted: TrustedCheckpointKey = entry instanceof KeyObject ? { key: entry } : (entry as TrustedCheckpointKey);
    const publicKey = ed25519PublicKey(trusted.key);
    const id = ed25519KeyId(publicKey);
    byId.set(id, [...(byId.get(id) ?? []), { key: publicKey, notAfter: trusted.notAfter?.getTime() }]);
  }
  return (checkpoint) => {
    try {
      if (!isWellFormed(checkpoint)) return false;
      const signature = Buffer.from(checkpoint.signature, 'base64url');
      // One spelling per signature: reject strings whose unused trailing bits differ from the canonical form.
      if (signature.toString('base64url') !== checkpoint.signature) return false;
      const message = checkpointMessage(checkpoint);
      const signedAt = Date.parse(checkpoint.signed_at);
      return (byId.get(checkpoint.key_id) ?? []).some(
        ({ key, notAfter }) => (notAfter === undefined || signedAt <= notAfter) && verify(null, message, key, signature),
      );
    } catch {
      // e.g. a signed_at that canonicalJson refuses: such a checkpoint was never produced by signCheckpoint.
      return false;
    }
  };
}

function isWellFormed(checkpoint: Checkpoint): boolean {
  return (
    typeof checkpoint === 'object' &&
    checkpoint !== null &&
    Number.isSafeInteger(checkpoint.seq) &&
    checkpoint.seq >= 1 &&
    typeof checkpoint.hash === 'string' &&
    CHAIN_HASH_PATTERN.test(checkpoint.hash) &&
    typeof checkpoint.key_id === 'string' &&
    KEY_ID_PATTERN.test(checkpoint.key_id) &&
    typeof checkpoint.signature === 'string' &&
    SIGNATURE_PATTERN.test(checkpoint.signature) &&
    typeof checkpoint.signed_at === 'string'
  );
}
