/**
 * Pure logic of the tamper-evident audit log: canonical JSON, the hash chain, redaction, signed
 * checkpoints and streaming verification. No I/O: the audit-service owns storage.
 */
export { canonicalJson } from './canonical/canonical-json.util';
export type { AuditRecord, AuditRecordFields, ChainHead, UnhashedAuditRecord } from './chain/audit-record.types';
export { CHAIN_HASH_PATTERN, GENESIS_HASH, hashRecord } from './chain/record-hash.util';
export { chainNext } from './chain/chain-next.util';
export { recordFieldsFromEvent } from './chain/record-fields.util';
export { REDACTED, looksSecretMember, looksSecretValue, redactData } from './redaction/redact-data.util';
export type { Checkpoint } from './checkpoint/checkpoint.types';
export { assertEd25519, ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, generateEd25519Secret, rawEd25519PublicKey } from './checkpoint/ed25519-key.util';
export {
  CHECKPOINT_PURPOSE,
  checkpointMessage,
  checkpointVerifier,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointTrust,
  type TrustedCheckpointKey,
} from './checkpoint/checkpoint-signature.util';
export type { AuditFilters, AuditPage } from './query/audit-query.types';
export type { VerifyFailureReason, VerifyResult } from './verification/verify-result.types';
export { verifyChain, type ProofCheck } from './verification/verify-chain.util';
export {
  AUDIT_LOG_TABLE,
  AUDIT_ROW_COLUMNS,
  AUDIT_ROW_TEXT_COLUMNS,
  auditRowTextToJson,
  auditRowToRecord,
  readAuditRecords,
  type AuditRow,
  type AuditRowQuery,
  type AuditRowText,
} from './storage/audit-row.util';
