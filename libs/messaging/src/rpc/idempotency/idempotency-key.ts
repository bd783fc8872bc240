/**
 * The idempotency key of one logical RPC call, and what a receiver derives from it. The key itself
 * is stored nowhere: the dedupe table holds its SHA-256 (the row id) and the first answer sealed
 * with a key derived from it, so a reader of the database learns neither the key nor the answer
 * (an answer may hold tokens) and only a resend carrying the key can open it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** The request/reply call a handler is serving, while it runs (see RpcIdempotencyInterceptor). */
export interface RpcCallScope {
  key: string;
  pattern: string;
  /** Binds the key to this request's payload (see requestFingerprint). */
  fingerprint: Buffer;
  /** This delivery: a transaction that finds the key claimed by another delivery is a duplicate. */
  attempt: string;
  /** Cleared when the handler answers: work it left running in the background claims nothing. */
  open: boolean;
  /** How many calls of each pattern the handler has made, for the keys of its own calls. */
  calls: Map<string, number>;
  /** A transaction of this delivery claimed the key: its answer is kept for the duplicates. */
  claimed: boolean;
  /** That claim is committed: later transactions of this delivery need not claim again. */
  claimCommitted?: boolean;
  /** Another delivery holds the key: every transaction of this one must roll back. */
  duplicate: boolean;
  /** This delivery was its caller's first send of a key it had just made: the keys derived from it are new too. */
  firstSend?: boolean;
}

export const rpcCallScope = new AsyncLocalStorage<RpcCallScope>();

export function newIdempotencyKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The key of an RPC a handler makes: derived from the key of the call it serves, the pattern and
 * the call's rank, so a resent request repeats its downstream calls under the same keys and they
 * are deduplicated too (a resent login does not verify the password, and count it, twice).
 */
export function idempotencyKeyForCall(pattern: string): string {
  const scope = rpcCallScope.getStore();
  if (!scope?.open) return newIdempotencyKey();
  const rank = (scope.calls.get(pattern) ?? 0) + 1;
  scope.calls.set(pattern, rank);
  return createHmac('sha256', scope.key).update(`${pattern}#${rank}`).digest('base64url');
}

/**
 * This RPC delivery has not committed its idempotency claim yet: its next change must open a
 * transaction, where RpcRequestLedger makes the claim (on transaction start) before the change.
 */
export function claimPending(): boolean {
  const scope = rpcCallScope.getStore();
  return scope?.open === true && scope.claimCommitted !== true;
}

/**
 * A call made now gets a key no delivery has used yet: a key of its own, or one derived from a
 * request that was itself a first send (only a resent request repeats its downstream keys).
 */
export function callGetsNewKey(): boolean {
  const scope = rpcCallScope.getStore();
  return !scope?.open || scope.firstSend === true;
}

/**
 * Runs `next` (a framework's continuation callback, a hook's `done`) and all it starts as one
 * logical call under `key` for the RPCs it makes (their keys are derived from it), without claiming
 * anything in a database: the gateway serving an HTTP request that carries an Idempotency-Key, so a
 * balancer's resend of that request repeats its calls under the same keys. The caller sets `open`
 * to false once the request is answered.
 */
export function enterCallerKey(key: string, next: () => void): RpcCallScope {
  const scope = callerKeyScope(key);
  rpcCallScope.run(scope, next);
  return scope;
}

function callerKeyScope(key: string): RpcCallScope {
  return { key, pattern: '', fingerprint: Buffer.alloc(0), attempt: '', open: true, calls: new Map(), claimed: false, duplicate: false };
}

/**
 * The key an HTTP request's calls derive from: bound to the route and to the caller's credentials
 * (a hash of the Authorization header), so one client's key can never reach another's answers.
 */
export function httpRequestKey(clientKey: string, method: string, route: string, authorization: string | undefined): string {
  const caller = createHash('sha256')
    .update(authorization ?? '')
    .digest('base64url');
  return createHmac('sha256', clientKey).update(`http\0${method}\0${route}\0${caller}`).digest('base64url');
}

/** The row id of a key in the dedupe table. */
export function idempotencyKeyHash(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Binds a key to its request, so a key reused for another request is refused rather than answered. */
export function requestFingerprint(key: string, pattern: string, data: unknown): Buffer {
  return createHmac('sha256', key)
    .update(pattern)
    .update('\0')
    .update(JSON.stringify(data ?? null))
    .digest();
}

function sealingKey(key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tr4ction rpc answer', 32));
}

/** AES-256-GCM under a key only the resend can rebuild: iv (12) | tag (16) | ciphertext. */
export function sealAnswer(key: string, answer: unknown): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(key), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openAnswer(key: string, sealed: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(key), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
}
