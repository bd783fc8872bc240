/**
 * Events carry their signature in NATS headers, beside the payload rather than inside it: what is
 * signed is the exact byte string the relay publishes, so no consumer has to re-serialise the envelope
 * (JSON canonicalisation is where signature schemes usually break), the envelope and its contract stay
 * unchanged for every reader, and the dead-letter and quarantine copies keep the proof as they are.
 */
import type { MsgHdrs } from 'nats';
import { EVENT_SIGNATURE_PURPOSE, eventSigningMessage, payloadDigest, type MessageSigner } from '@tr4ction/security';

export const EVENT_PRODUCER_HEADER = 'Tr4ction-Producer';
export const EVENT_KEY_ID_HEADER = 'Tr4ction-Key-Id';
export const EVENT_SIGNATURE_HEADER = 'Tr4ction-Signature';
/** JetStream's de-duplication id; the relay sets it to the event id, and the signature covers it. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Signs `payload` as published on `subject` under `eventId`, and sets the three headers. */
export function signEventHeaders(signer: MessageSigner, subject: string, eventId: string, payload: Uint8Array, headers: MsgHdrs): void {
  const message = eventSigningMessage({ producer: signer.identity, subject, eventId, payloadSha256: payloadDigest(payload) });
  const { keyId, signature } = signer.sign(EVENT_SIGNATURE_PURPOSE, message);
  headers.set(EVENT_PRODUCER_HEADER, signer.identity);
  headers.set(EVENT_KEY_ID_HEADER, keyId);
  headers.set(EVENT_SIGNATURE_HEADER, signature);
}

export function headerValue(headers: MsgHdrs | undefined, name: string): string | undefined {
  if (!headers?.has(name)) return undefined;
  const value = headers.get(name);
  return value === '' ? undefined : value;
}
