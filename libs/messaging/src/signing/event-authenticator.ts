/**
 * The one check every event passes before anything acts on it, wherever it is consumed (durable
 * JetStream consumers and core-NATS followers alike): the producer's signature verifies against the
 * pinned keys, the producer owns the event's type (EVENT_OWNERSHIP), and the envelope says what the
 * signed headers say (same id, same type, same source service). Whatever fails is a security alert:
 * counted, logged without its payload, and never applied.
 */
import type { MsgHdrs } from 'nats';
import { eventTypeForSubject, isBusIdentity, mayProduce, type BusIdentity, type EventProof, type EventType } from '@tr4ction/contracts';
import {
  EVENT_SIGNATURE_PURPOSE,
  eventSigningMessage,
  payloadDigest,
  type MessageVerifier,
  type SignatureCheck,
  type SignatureRejection,
} from '@tr4ction/security';
import { platformMetrics, type Logger } from '@tr4ction/telemetry';
import { EVENT_KEY_ID_HEADER, EVENT_PRODUCER_HEADER, EVENT_SIGNATURE_HEADER, headerValue, MSG_ID_HEADER } from './event-signature.headers';

export type SecurityAlertReason =
  | SignatureRejection
  /** A good signature by an identity that does not own the event's type. */
  | 'not_owner'
  /** A subject that is no event type of the catalogue. */
  | 'unknown_type'
  /** The signed headers and the envelope disagree (id, type or source service). */
  | 'envelope_mismatch'
  /** A genuine message published again (seen by readers that keep what they have seen). */
  | 'replayed';

export interface EventMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

export type EventVerdict =
  | { ok: true; type: EventType; proof: EventProof; payload: unknown; parseError?: Error }
  | { ok: false; reason: SecurityAlertReason; type: EventType | undefined; producer: string | undefined };

/** A message whose headers name a known producer and a signature, before the signature is checked. */
interface SignedClaim {
  type: EventType;
  producer: BusIdentity;
  eventId: string;
  payloadSha256: string;
  message: Buffer;
  signature: { keyId: string; signature: string };
}

export class EventAuthenticator {
  constructor(
    private readonly verifier: MessageVerifier,
    private readonly logger: Logger,
  ) {}

  /** Never throws: the message came off the wire. */
  authenticate(msg: EventMessage): EventVerdict {
    const claim = this.claim(msg);
    if ('ok' in claim) return claim;
    return this.conclude(msg, claim, this.verifier.verify(claim.producer, EVENT_SIGNATURE_PURPOSE, claim.message, claim.signature));
  }

  /** The same, with the signature verified off the JavaScript thread (a durable consumer's backlog). */
  async authenticateAsync(msg: EventMessage): Promise<EventVerdict> {
    const claim = this.claim(msg);
    if ('ok' in claim) return claim;
    return this.conclude(msg, claim, await this.verifier.verifyAsync(claim.producer, EVENT_SIGNATURE_PURPOSE, claim.message, claim.signature));
  }

  /** What the headers claim and the bytes the signature must cover, or the refusal. */
  private claim(msg: EventMessage): EventVerdict | SignedClaim {
    const type = eventTypeForSubject(msg.subject);
    const claimed = headerValue(msg.headers, EVENT_PRODUCER_HEADER);
    const producer = isBusIdentity(claimed) ? claimed : undefined;
    const refuse = (reason: SecurityAlertReason): EventVerdict => ({ ok: false, reason, type, producer });
    if (!type) return refuse('unknown_type');
    const eventId = headerValue(msg.headers, MSG_ID_HEADER);
    const keyId = headerValue(msg.headers, EVENT_KEY_ID_HEADER);
    const signature = headerValue(msg.headers, EVENT_SIGNATURE_HEADER);
    if (!claimed || !eventId || !keyId || !signature) return refuse('missing_signature');
    if (!producer) return refuse('unknown_identity');
    const payloadSha256 = payloadDigest(msg.data);
    try {
      const message = eventSigningMessage({ producer, subject: msg.subject, eventId, payloadSha256 });
      return { type, producer, eventId, payloadSha256, message, signature: { keyId, signature } };
    } catch {
      return refuse('malformed_signature');
    }
  }

  /** After the signature check: ownership, the payload, and the envelope against the signed headers. */
  private conclude(msg: EventMessage, claim: SignedClaim, check: SignatureCheck): EventVerdict {
    const { type, producer, eventId } = claim;
    const refuse = (reason: SecurityAlertReason): EventVerdict => ({ ok: false, reason, type, producer });
    if (!check.ok) return refuse(check.reason);
    if (!mayProduce(producer, type)) return refuse('not_owner');
    const proof: EventProof = {
      producer,
      subject: msg.subject,
      key_id: claim.signature.keyId,
      signature: claim.signature.signature,
      payload_sha256: claim.payloadSha256,
    };
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(msg.data).toString('utf8'));
    } catch (err) {
      // Signed by its owner but unreadable: a bug, not an attack; the caller's poison handling takes it.
      return { ok: true, type, proof, payload: undefined, parseError: err as Error };
    }
    if (!matchesHeaders(payload, eventId, type, producer)) return refuse('envelope_mismatch');
    return { ok: true, type, proof, payload };
  }

  /** Moves the alert metric and writes one log line: subject, reason and claimed producer, never the payload. */
  alert(consumer: string, subject: string, verdict: Extract<EventVerdict, { ok: false }>): void {
    platformMetrics.busSecurityAlerts().inc({ reason: verdict.reason, consumer, type: verdict.type ?? 'unknown' });
    this.logger.warn(
      {
        security_alert: verdict.reason,
        consumer,
        subject: subject.slice(0, 200),
        event_type: verdict.type ?? 'unknown',
        producer: verdict.producer ?? 'unknown',
      },
      'event refused: not applied (bus security alert)',
    );
  }
}

/** Only members that are present are compared: an envelope missing one is poison, handled downstream. */
function matchesHeaders(payload: unknown, eventId: string, type: EventType, producer: string): boolean {
  if (typeof payload !== 'object' || payload === null) return true;
  const envelope = payload as { id?: unknown; type?: unknown; source?: { service?: unknown } };
  if (envelope.id !== undefined && envelope.id !== eventId) return false;
  if (envelope.type !== undefined && envelope.type !== type) return false;
  const service = typeof envelope.source === 'object' && envelope.source !== null ? envelope.source.service : undefined;
  return service === undefined || service === producer;
}
