/**
 * The user aggregate as pure functions: its state is the fold of the user's stream, in order.
 * Commands decide on this state (not on the users_v1 read model) and append at its version. No I/O,
 * so the fold is unit tested without a database. Secret material (password hashes, TOTP secrets)
 * is never in the stream and so never in this state or its snapshots.
 */
import type { EventEnvelope, EventType } from '@tr4ction/contracts';

/** Bumped when the fold changes meaning: snapshots of another format are ignored and the stream folded again. */
export const USER_STATE_FORMAT = 1;

export type UserStatus = 'active' | 'deleted';

export interface UserState {
  format: number;
  id: string;
  /** 0: no event yet (the account does not exist). */
  version: number;
  status: UserStatus;
  email: string;
  name: string | null;
  roles: string[];
  must_change_password: boolean;
  password_changed_at: string | null;
  password_expires_at: string | null;
  created_at: string | null;
  /** From AccountLocked/AccountUnlocked: the lock recorded in the stream (a lock that ran out stays until the next unlock event). */
  locked_until: string | null;
}

/**
 * The event types kept in a user's stream. Lockout transitions are part of it (they are state
 * changes of the account); login outcomes and MFA events are published only (see UserStream).
 */
export const USER_STREAM_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'UserRegistered',
  'UserCreated',
  'UserDeleted',
  'RolesChanged',
  'PasswordChanged',
  'PasswordResetByAdmin',
  'AccountLocked',
  'AccountUnlocked',
]);

export function userStreamId(userId: string): string {
  return `user-${userId}`;
}

export function emptyUser(id: string): UserState {
  return {
    format: USER_STATE_FORMAT,
    id,
    version: 0,
    status: 'active',
    email: '',
    name: null,
    roles: [],
    must_change_password: false,
    password_changed_at: null,
    password_expires_at: null,
    created_at: null,
    locked_until: null,
  };
}

/** The account exists and may be acted on: registered and not deleted. */
export function isLive(state: UserState): boolean {
  return state.version > 0 && state.created_at !== null && state.status !== 'deleted';
}

/** Applies one stored event (at its stream version); types that do not shape the account only move the version. */
export function applyUserEvent(state: UserState, event: EventEnvelope, version: number): UserState {
  const next: UserState = { ...state, version };
  switch (event.type) {
    case 'UserRegistered':
    case 'UserCreated': {
      const d = event.data as EventEnvelope<'UserCreated'>['data'] & EventEnvelope<'UserRegistered'>['data'];
      return {
        ...next,
        status: 'active',
        email: d.email,
        name: d.name,
        roles: [...d.roles],
        must_change_password: d.must_change_password ?? false,
        password_changed_at: event.occurred_at,
        password_expires_at: d.password_expires_at ?? null,
        created_at: event.occurred_at,
        locked_until: null,
      };
    }
    case 'UserDeleted':
      return { ...next, status: 'deleted' };
    case 'RolesChanged':
      return { ...next, roles: [...(event.data as EventEnvelope<'RolesChanged'>['data']).after] };
    case 'PasswordChanged':
      return {
        ...next,
        must_change_password: false,
        password_changed_at: event.occurred_at,
        password_expires_at: (event.data as EventEnvelope<'PasswordChanged'>['data']).password_expires_at,
      };
    case 'PasswordResetByAdmin':
      return { ...next, must_change_password: true, password_changed_at: event.occurred_at };
    case 'AccountLocked':
      return { ...next, locked_until: (event.data as EventEnvelope<'AccountLocked'>['data']).locked_until };
    case 'AccountUnlocked':
      return { ...next, locked_until: null };
    default:
      return next;
  }
}

export function foldUser(start: UserState, events: ReadonlyArray<{ version: number; envelope: EventEnvelope }>): UserState {
  return events.reduce((state, e) => applyUserEvent(state, e.envelope, e.version), start);
}

/** The state after appending `events` at `state.version` (what the stream will hold once they commit). */
export function applyNewEvents(state: UserState, events: readonly EventEnvelope[]): UserState {
  return events.reduce((s, e, i) => applyUserEvent(s, e, state.version + i + 1), state);
}
