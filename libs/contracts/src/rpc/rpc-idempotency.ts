/**
 * Idempotency of request/reply calls. Every logical RPC call carries a key, made once by the caller
 * and reused by every resend of that call (the RPC client resends a request whose connection was
 * lost, because it cannot tell whether the request arrived). A receiver applies a state-changing
 * request's effect at most once per key, on any replica, and answers a resend with the first
 * delivery's answer. Read-only patterns skip that work.
 */
import { RPC, SERVICES } from './patterns';

/** The message header that carries the key (never in the envelope: handlers, events and logs never see it). */
export const IDEMPOTENCY_KEY_HEADER = 'tr4ction-idempotency-key';

/**
 * Set on the first send of a key the caller has just made (not on a resend, not on a key derived
 * from another request's): no earlier delivery can have used the key, so the receiver skips looking
 * it up before running the handler. The claim in the handler's first transaction still refuses a
 * key already used, so a wrong or forged mark costs the handler's work up to that claim, never a
 * second effect.
 */
export const IDEMPOTENCY_KEY_FIRST_SEND_HEADER = 'tr4ction-idempotency-first-send';

/**
 * The HTTP request header (IETF draft "The Idempotency-Key HTTP Header Field") a client or balancer
 * sends to make a POST safe to send again: the gateway derives the keys of the request's RPC calls
 * from it, so the same header on a resend (to any gateway) is answered, not applied twice.
 */
export const HTTP_IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** 16 to 255 visible ASCII characters: a random UUID fits; a short guessable key is refused. */
export const HTTP_IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{16,255}$/;

/** A key is 32 random bytes (or derived from one) in base64url: 43 characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Patterns that change nothing (no write, no audit record): a resend simply runs again. */
export const READ_ONLY_RPC: ReadonlySet<string> = new Set<string>([
  ...SERVICES.map((s) => RPC.ping(s)),
  ...SERVICES.map((s) => RPC.metrics(s)),
  RPC.user.me,
  RPC.user.sessionUser,
  RPC.user.list,
  RPC.user.settings,
  RPC.user.mfa.status,
  RPC.auth.revocationState,
  RPC.auth.listSessions,
  RPC.auth.introspect,
  RPC.auth.introspectRefresh,
  RPC.rotation.publicKeys,
  RPC.rotation.activeSigningKey,
  RPC.rotation.listKeys,
  RPC.rotation.listServiceAccounts,
  RPC.audit.metrics,
]);

/** Every pattern not known to be read-only is deduplicated: a new handler is safe by default. */
export function isStateChangingRpc(pattern: string): boolean {
  return !READ_ONLY_RPC.has(pattern);
}
