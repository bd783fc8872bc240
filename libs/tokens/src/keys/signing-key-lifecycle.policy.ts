import { TokenError } from '../errors/token.errors';
import type { SigningKeyState } from '@tr4ction/contracts';

/**
 * `next`: published in the JWKS but not yet signing, so every verifier has it cached before the
 * first token made with it arrives. `active`: the one key that signs. `retiring`: no longer
 * signs, still verifies until the last token it signed has expired. `retired`: kept for the
 * record only. `revoked`: compromised or withdrawn, stops verifying at once.
 */
export type { SigningKeyState };

export type SigningKeyEvent = 'activate' | 'retire' | 'expire' | 'revoke';

const TRANSITIONS: Readonly<Record<SigningKeyEvent, { from: readonly SigningKeyState[]; to: SigningKeyState }>> = {
  activate: { from: ['next'], to: 'active' },
  retire: { from: ['active'], to: 'retiring' },
  expire: { from: ['retiring'], to: 'retired' },
  // Revocation must be possible from every live or archived state; only a second revocation is refused.
  revoke: { from: ['next', 'active', 'retiring', 'retired'], to: 'revoked' },
};

export function nextState(status: SigningKeyState, event: SigningKeyEvent): SigningKeyState {
  const rule = TRANSITIONS[event];
  if (!rule || !rule.from.includes(status)) throw new TokenError('CONFLICT', 'illegal_key_transition');
  return rule.to;
}

/** Returns a copy of the key in its new status; throws on a transition the lifecycle forbids. */
export function transition<K extends { status: SigningKeyState }>(key: K, event: SigningKeyEvent): K {
  return { ...key, status: nextState(key.status, event) };
}

/** Signs new tokens. */
export function isSigning(status: SigningKeyState): boolean {
  return status === 'active';
}

/** Accepts tokens at verification. `next` is excluded: nothing has been signed with it yet. */
export function isVerifying(status: SigningKeyState): boolean {
  return status === 'active' || status === 'retiring';
}

/** Appears in `/.well-known/jwks.json`. `next` is included so caches learn it before it signs. */
export function isPublished(status: SigningKeyState): boolean {
  return status === 'next' || status === 'active' || status === 'retiring';
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function rotationDue(activatedAt: Date, now: Date, intervalDays: number): boolean {
  return now.getTime() >= activatedAt.getTime() + intervalDays * DAY_MS;
}

export interface SigningKeyLifecycleRecord {
  kid: string;
  status: SigningKeyState;
  createdAt: Date;
  activatedAt?: Date | null;
  /** When the key stopped signing (entered `retiring`). */
  retiringAt?: Date | null;
}

export interface KeyRotationPolicy {
  rotationIntervalDays: number;
  accessTokenTtlSeconds: number;
  /** How long verifiers may keep a JWKS response; a `next` key must be public this long before it signs. */
  jwksCacheSeconds: number;
  /** Clock skew tolerated by verifiers; a retiring key verifies this much longer. Default 60. */
  clockToleranceSeconds?: number;
}

export interface KeyStatusChange {
  kid: string;
  event: SigningKeyEvent;
  from: SigningKeyState;
  to: SigningKeyState;
}

export interface KeyLifecyclePlan {
  /** Apply in order, in one transaction: activation before retirement keeps a signer available. */
  changes: KeyStatusChange[];
  /** True when no `next` key is published; the caller generates one (and publishes it) first. */
  createNextKey: boolean;
}

/**
 * What the scheduled rotation job should do now. Pure, so the schedule, the admin "rotate now"
 * endpoint and tests share one decision. With `force`, the active key is replaced as soon as a
 * next key has been published long enough, whatever the interval says.
 */
export function nextKeyStatuses(
  keys: readonly SigningKeyLifecycleRecord[],
  now: Date,
  policy: KeyRotationPolicy,
  options: { force?: boolean } = {},
): KeyLifecyclePlan {
  const changes: KeyStatusChange[] = [];
  const change = (key: SigningKeyLifecycleRecord, event: SigningKeyEvent): void => {
    changes.push({ kid: key.kid, event, from: key.status, to: nextState(key.status, event) });
  };
  const nowMs = now.getTime();
  const toleranceMs = (policy.clockToleranceSeconds ?? 60) * 1000;

  // A retiring key is done once every token it could have signed has expired.
  const retireAfterMs = policy.accessTokenTtlSeconds * 1000 + toleranceMs;
  for (const key of keys) {
    if (key.status === 'retiring' && key.retiringAt && nowMs >= key.retiringAt.getTime() + retireAfterMs) {
      change(key, 'expire');
    }
  }

  const active = keys.filter((key) => key.status === 'active');
  const ready = keys.filter((key) => key.status === 'next').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const publishedLongEnough = ready.find((key) => nowMs >= key.createdAt.getTime() + policy.jwksCacheSeconds * 1000);

  let consumedNext = false;
  if (active.length === 0 && ready.length > 0) {
    // Bootstrap or recovery after a revocation: with no signer at all, waiting for caches only
    // prolongs the outage, so the oldest next key is activated at once.
    change(ready[0], 'activate');
    consumedNext = ready.length === 1;
  } else if (active.length > 0 && publishedLongEnough) {
    const due = options.force === true || active.some((key) => !key.activatedAt || rotationDue(key.activatedAt, now, policy.rotationIntervalDays));
    if (due) {
      change(publishedLongEnough, 'activate');
      // Normally one active key; any extra (a crash mid-rotation) is retired along with it.
      for (const key of active) change(key, 'retire');
      consumedNext = ready.length === 1;
    }
  }

  return { changes, createNextKey: ready.length === 0 || consumedNext };
}
