/** What a signer attaches to a message: who signed, with which key, and the signature itself. */
export interface MessageSignature {
  /** The signing identity (`user-service`, `cli`, ...). */
  identity: string;
  /** First 16 hex characters of SHA-256 over the raw public key (the same id as audit checkpoints use). */
  keyId: string;
  /** The 64-byte Ed25519 signature, unpadded base64url (86 characters). */
  signature: string;
}

/** Why a signature was refused; safe to put in a header, a metric label and a log line. */
export type SignatureRejection =
  /** No signature, key id or identity came with the message. */
  | 'missing_signature'
  /** The signature or key id is not well formed. */
  | 'malformed_signature'
  /** The identity has no pinned key at all. */
  | 'unknown_identity'
  /** The identity is known but none of its pinned keys has this key id. */
  | 'unknown_key'
  /** The key is pinned but the signature does not verify (wrong key, changed bytes, other purpose). */
  | 'bad_signature';

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureRejection };
