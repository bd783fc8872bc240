/**
 * The producer's proof that came with an event: who signed it, with which key, and over which payload
 * digest (see `eventSigningMessage` in `@tr4ction/security`). Kept by the audit log next to each record,
 * so `/audit/verify` can re-check it against the pinned keys. Public: no part of it is a secret.
 */
export interface EventProof {
  producer: string;
  /** The subject it was published on (the signature covers it; the record's type alone would lose the version). */
  subject: string;
  key_id: string;
  signature: string;
  payload_sha256: string;
}
