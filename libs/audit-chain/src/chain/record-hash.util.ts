import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json.util';
import type { UnhashedAuditRecord } from './audit-record.types';

/** `prev_hash` of record 1: 64 zeros, the same width as a SHA-256 hex digest. */
export const GENESIS_HASH = '0'.repeat(64);

/** A SHA-256 digest as the chain writes it: 64 lower-case hex characters. */
export const CHAIN_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The record's hash, as lower-case hex:
 *
 *   SHA-256( UTF-8( prev_hash + canonicalJson(record without its `hash` member) ) )
 *
 * where `prev_hash` is the 64-character hex string itself (its ASCII bytes, not the 32 decoded bytes)
 * and `+` is plain concatenation with no separator. The canonical JSON also contains `prev_hash`, so
 * the link is covered twice; the prefix is kept because the published contract defines the hash that way (`AuditRecord.hash` in docs/api.md).
 * A `hash` member on the input is ignored, so a stored record can be passed as it is.
 */
export function hashRecord(record: UnhashedAuditRecord): string {
  // An undefined member is left out by canonicalJson; cheaper than `delete`, which slows the object down.
  const body = canonicalJson({ ...record, hash: undefined });
  return createHash('sha256').update(String(record.prev_hash), 'utf8').update(body, 'utf8').digest('hex');
}
