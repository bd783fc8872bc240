/**
 * The signing-key aggregate as pure functions: a key's state is the fold of its `signing-key-<kid>`
 * stream, in order. Rotation, revocation and the schedule decide on this state (not on the
 * signing_keys_v1 read model) and append at its version. No I/O, so the fold is unit tested
 * without a database. The key material (public halves, the encrypted private half) is never in
 * the stream: it stays in signing_key_material, keyed by the kid SigningKeyCreated names.
 */
import type { EventEnvelope, EventType } from '@tr4ction/contracts';
import type { SigningKeyLifecycleRecord, SigningKeyState } from '@tr4ction/tokens';

export const SIGNING_KEY_STREAM_PREFIX = 'signing-key-';

export interface SigningKeyAggregate {
  kid: string;
  /** 0: no event yet (the key does not exist). */
  version: number;
  alg: string;
  /** Null until SigningKeyCreated. */
  status: SigningKeyState | null;
  created_at: string | null;
  activated_at: string | null;
  retiring_at: string | null;
  retired_at: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
}

/** The event types a key's stream holds (SecretRotated marks an activation, for the record). */
export const SIGNING_KEY_STREAM_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'SigningKeyCreated',
  'SigningKeyStatusChanged',
  'SigningKeyRevoked',
  'SecretRotated',
]);

/** Published in the JWKS: the states a rotation decides about. Retired and revoked keys are final. */
const LIVE_STATES: ReadonlySet<SigningKeyState> = new Set<SigningKeyState>(['next', 'active', 'retiring']);

const STATUS_TIME: Record<'active' | 'retiring' | 'retired', 'activated_at' | 'retiring_at' | 'retired_at'> = {
  active: 'activated_at',
  retiring: 'retiring_at',
  retired: 'retired_at',
};

export function signingKeyStreamId(kid: string): string {
  return `${SIGNING_KEY_STREAM_PREFIX}${kid}`;
}

export function emptySigningKey(kid: string): SigningKeyAggregate {
  return {
    kid,
    version: 0,
    alg: '',
    status: null,
    created_at: null,
    activated_at: null,
    retiring_at: null,
    retired_at: null,
    revoked_at: null,
    revoke_reason: null,
  };
}

export function isLiveKey(key: SigningKeyAggregate): boolean {
  return key.status !== null && LIVE_STATES.has(key.status);
}

/** Applies one stored event (at its stream version); types that shape nothing only move the version. */
export function applySigningKeyEvent(state: SigningKeyAggregate, event: EventEnvelope, version: number): SigningKeyAggregate {
  const next: SigningKeyAggregate = { ...state, version };
  switch (event.type) {
    case 'SigningKeyCreated': {
      const d = event.data as EventEnvelope<'SigningKeyCreated'>['data'];
      return { ...next, alg: d.alg, status: 'next', created_at: event.occurred_at };
    }
    case 'SigningKeyStatusChanged': {
      const d = event.data as EventEnvelope<'SigningKeyStatusChanged'>['data'];
      return { ...next, status: d.to, [STATUS_TIME[d.to]]: event.occurred_at };
    }
    case 'SigningKeyRevoked': {
      const d = event.data as EventEnvelope<'SigningKeyRevoked'>['data'];
      return { ...next, status: 'revoked', revoked_at: event.occurred_at, revoke_reason: d.reason };
    }
    default:
      return next;
  }
}

export function foldSigningKey(start: SigningKeyAggregate, events: ReadonlyArray<{ version: number; envelope: EventEnvelope }>): SigningKeyAggregate {
  return events.reduce((state, e) => applySigningKeyEvent(state, e.envelope, e.version), start);
}

/** The state after appending `events` at `state.version` (what the stream holds once they commit). */
export function applyNewSigningKeyEvents(state: SigningKeyAggregate, events: readonly EventEnvelope[]): SigningKeyAggregate {
  return events.reduce((s, e, i) => applySigningKeyEvent(s, e, state.version + i + 1), state);
}

/** What the lifecycle policy (@tr4ction/tokens) plans on; only for keys that exist. */
export function toLifecycleRecord(key: SigningKeyAggregate): SigningKeyLifecycleRecord {
  if (key.status === null || key.created_at === null) throw new Error(`signing key ${key.kid} has no SigningKeyCreated`);
  return { kid: key.kid, status: key.status, createdAt: new Date(key.created_at), activatedAt: toDate(key.activated_at), retiringAt: toDate(key.retiring_at) };
}

/** Oldest first (creation time, then kid): which next key takes over first. */
export function byCreation(a: SigningKeyAggregate, b: SigningKeyAggregate): number {
  return (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.kid.localeCompare(b.kid);
}

function toDate(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}
