/**
 * Where refused messages go: a copy in the quarantine stream, headers kept (the proof that failed is
 * the evidence) plus the reason, the original subject and the consumer that refused it. The payload is
 * kept as it came, for an investigator with stream access; it is never logged.
 */
import type { JetStreamClient, MsgHdrs } from 'nats';
import { newHeaders } from '../nats/nats-headers';
import { QUARANTINE_SUBJECT_ROOT } from '../nats/streams';
import type { SecurityAlertReason } from './event-authenticator';

export const QUARANTINE_REASON_HEADER = 'Tr4ction-Quarantine-Reason';
export const ORIGINAL_SUBJECT_HEADER = 'Tr4ction-Original-Subject';
export const REFUSED_BY_HEADER = 'Tr4ction-Consumer';
export const ORIGINAL_MSG_ID_HEADER = 'Tr4ction-Original-Msg-Id';

export interface QuarantineInput {
  consumer: string;
  reason: SecurityAlertReason;
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  /** De-duplicates the copy when the same delivery is refused again (e.g. stream sequence). */
  copyId: string;
}

export function quarantineSubject(consumer: string, subject: string): string {
  return `${QUARANTINE_SUBJECT_ROOT}.${consumer}.${subject}`;
}

export async function quarantine(js: JetStreamClient, input: QuarantineInput): Promise<void> {
  const h = newHeaders();
  // The original id is kept under another name: as `Nats-Msg-Id` it would de-duplicate the copy instead.
  if (input.headers) for (const [k, v] of input.headers) h.set(k === 'Nats-Msg-Id' ? ORIGINAL_MSG_ID_HEADER : k, v.join(','));
  h.set(QUARANTINE_REASON_HEADER, input.reason);
  h.set(ORIGINAL_SUBJECT_HEADER, input.subject);
  h.set(REFUSED_BY_HEADER, input.consumer);
  await js.publish(quarantineSubject(input.consumer, input.subject), input.data, { headers: h, msgID: `quarantine-${input.consumer}-${input.copyId}` });
}
