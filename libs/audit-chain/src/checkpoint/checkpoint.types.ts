/**
 * A signed statement "the audit chain had this hash at this seq". Stored outside the chain (and
 * announced as `AuditCheckpointSigned`), it is what makes a fully re-hashed or truncated chain
 * detectable: an attacker who can rewrite rows cannot forge the signature.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  /** `ed25519KeyId` of the signing key, so a verifier can pick the key among several (rotation). */
  key_id: string;
  /** Ed25519 signature over `checkpointMessage(...)`, base64url without padding. */
  signature: string;
  /** ISO 8601 UTC. */
  signed_at: string;
}
