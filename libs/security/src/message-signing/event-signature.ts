/**
 * What a producer signs for one event. Not the payload itself but its SHA-256, next to who produced it,
 * on which subject and under which event id:
 *
 *   purpose "tr4ction.event.v1", message UTF-8( producer "\n" subject "\n" event_id "\n" sha256_hex(payload bytes) )
 *
 * The digest is what lets the audit log keep a verifiable proof: a record stores the producer, key id,
 * signature and payload digest (its `data` is normalised and redacted before hashing, so the exact
 * payload bytes are not kept), and `/audit/verify` re-checks the signature from those alone. The subject
 * and event id are covered so a signed payload cannot be replayed under another type or id.
 */
import { createHash } from 'node:crypto';

export const EVENT_SIGNATURE_PURPOSE = 'tr4ction.event.v1';

export interface EventSigningInput {
  producer: string;
  subject: string;
  eventId: string;
  /** sha256 of the exact payload bytes, 64 lower-case hex characters (see `payloadDigest`). */
  payloadSha256: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function payloadDigest(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Throws RangeError on a field that could make two different inputs sign the same bytes. */
export function eventSigningMessage(input: EventSigningInput): Buffer {
  for (const field of [input.producer, input.subject, input.eventId]) {
    if (typeof field !== 'string' || field.length === 0 || field.length > 256 || /[\s]/.test(field))
      throw new RangeError('eventSigningMessage: producer, subject and event id must be non-empty and without whitespace');
  }
  if (!HEX64.test(input.payloadSha256)) throw new RangeError('eventSigningMessage: payloadSha256 must be 64 lower-case hex characters');
  return Buffer.from([input.producer, input.subject, input.eventId, input.payloadSha256].join('\n'), 'utf8');
}
