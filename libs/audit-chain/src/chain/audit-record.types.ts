import type { AuditRecord, ChainHead } from '@tr4ction/contracts';

/** The record and the chain head are contracts (audit-service answers them); the chain computes over them. */
export type { AuditRecord, ChainHead };

/** Everything that `hash` covers. */
export type UnhashedAuditRecord = Omit<AuditRecord, 'hash'>;

/** What the caller supplies for a new record; the chain supplies `seq`, `prev_hash` and `hash`. */
export type AuditRecordFields = Omit<AuditRecord, 'seq' | 'prev_hash' | 'hash'>;
