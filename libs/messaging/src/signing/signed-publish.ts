/**
 * Publishing one envelope the way an outbox relay does (signed, `Nats-Msg-Id` = event id), for the
 * tools and tests that stand in for a producing service. A producer still publishes only through its
 * outbox; this is for bench load and test fixtures, with a key the caller was given.
 */
import type { JetStreamClient, MsgHdrs, PubAck } from 'nats';
import { subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import type { MessageSigner } from '@tr4ction/security';
import { newHeaders } from '../nats/nats-headers';
import { MSG_ID_HEADER, signEventHeaders } from './event-signature.headers';

export interface SignedEventMessage {
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs;
}

function signed(signer: MessageSigner, event: EventEnvelope, subject: string): SignedEventMessage {
  const data = Buffer.from(JSON.stringify(event));
  const headers = newHeaders();
  signEventHeaders(signer, subject, event.id, data, headers);
  return { subject, data, headers };
}

/** The message as a consumer receives it (the stream adds `Nats-Msg-Id` from the publish option). */
export function signedEventMessage(signer: MessageSigner, event: EventEnvelope, subject = subjectFor(event.type)): SignedEventMessage {
  const message = signed(signer, event, subject);
  message.headers.set(MSG_ID_HEADER, event.id);
  return message;
}

export function publishSignedEvent(js: JetStreamClient, signer: MessageSigner, event: EventEnvelope, subject = subjectFor(event.type)): Promise<PubAck> {
  return publishSigned(js, signer, subject, Buffer.from(JSON.stringify(event)), event.id);
}

/** Any bytes, signed as `signer` under `msgId` (a producer's bug, for poison-message tests). */
export function publishSigned(js: JetStreamClient, signer: MessageSigner, subject: string, data: Uint8Array, msgId: string): Promise<PubAck> {
  const headers = newHeaders();
  signEventHeaders(signer, subject, msgId, data, headers);
  return js.publish(subject, data, { msgID: msgId, headers });
}
