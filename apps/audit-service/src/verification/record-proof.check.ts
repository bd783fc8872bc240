/**
 * `/audit/verify`'s check of each record's producer proof against the pinned bus keys: the signature
 * still verifies for the record's event id and the subject it was published on, that subject is the
 * record's type, and the producer owns that type. Every key that ever signed a kept record must stay
 * pinned in BUS_PUBLIC_KEYS (a rotated key is listed beside its successor), as for checkpoint keys.
 */
import type { ProofCheck } from '@tr4ction/audit-chain';
import { eventTypeForSubject, mayProduce } from '@tr4ction/contracts';
import { EVENT_SIGNATURE_PURPOSE, eventSigningMessage, type MessageVerifier } from '@tr4ction/security';

export function recordProofCheck(verifier: MessageVerifier): ProofCheck {
  return (record) => {
    const proof = record.proof;
    if (!proof) return undefined;
    let message: Buffer;
    try {
      message = eventSigningMessage({ producer: proof.producer, subject: proof.subject, eventId: record.event_id, payloadSha256: proof.payload_sha256 });
    } catch {
      return 'event_signature_invalid';
    }
    if (!verifier.verify(proof.producer, EVENT_SIGNATURE_PURPOSE, message, { keyId: proof.key_id, signature: proof.signature }).ok)
      return 'event_signature_invalid';
    // The signature covers the subject, not the stored type: a type edited after the fact breaks the link.
    const type = eventTypeForSubject(proof.subject);
    if (type !== record.type) return 'event_signature_invalid';
    return mayProduce(proof.producer, type) ? undefined : 'event_producer_not_owner';
  };
}
