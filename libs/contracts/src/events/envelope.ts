/**
 * The event envelope (docs/signed-events.md). Every event on the bus and every audit record is built from one.
 * No envelope ever carries a password, hash, token, private key or secret: only ids, key ids,
 * fingerprints and reasons.
 */
import type { EventType, EventDataMap } from './catalogue';
import type { RequestProof } from '../rpc/rpc-proof';

export type ActorType = 'user' | 'service_account' | 'system' | 'cli';
export type Outcome = 'success' | 'failure';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export interface EventSubjectRef {
  type: string;
  id: string;
}

export interface EventSource {
  service: string;
  ip?: string;
  user_agent?: string;
}

export interface TraceRef {
  trace_id: string;
  span_id: string;
}

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurred_at: string;
  actor: Actor;
  subject: EventSubjectRef;
  outcome: Outcome;
  source: EventSource;
  trace: TraceRef;
  data: EventDataMap[T];
}

/** Who asked, from where, under which trace: travels with every RPC so events can name their cause. */
export interface RequestMeta {
  actor: Actor;
  ip?: string;
  user_agent?: string;
  request_id?: string;
  /**
   * What proves the end user behind the request (their access token, or a CLI operator
   * assertion); the receiving service verifies it against RPC_PROOF_RULES. Never logged.
   */
  proof?: RequestProof;
}
