/**
 * The service-account aggregate as pure functions: an account's state is the fold of its
 * `service-account-<id>` stream, in order. Rotation, revocation and the staged rotation's steps
 * decide on this state (not on the service_accounts_v1 read model) and append at its version. No
 * I/O, so the fold is unit tested without a database. The secrets are never in the stream: their
 * SHA-256 hashes stay in service_account_secrets, keyed by the account ServiceAccountCreated names.
 */
import type { EventEnvelope, SecretRef } from '@tr4ction/contracts';

export const SERVICE_ACCOUNT_STREAM_PREFIX = 'service-account-';

export interface ServiceAccountAggregate {
  id: string;
  /** 0: no event yet (the account does not exist). */
  version: number;
  client_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'revoked';
  created_at: string | null;
  expires_at: string | null;
  secret_rotated_at: string | null;
  /** End of the previous secret's overlap, from the last SecretRotated. */
  previous_valid_until: string | null;
  revoked_at: string | null;
  secret_ref: SecretRef | null;
}

export function serviceAccountStreamId(id: string): string {
  return `${SERVICE_ACCOUNT_STREAM_PREFIX}${id}`;
}

export function emptyServiceAccount(id: string): ServiceAccountAggregate {
  return {
    id,
    version: 0,
    client_id: '',
    name: '',
    scopes: [],
    status: 'active',
    created_at: null,
    expires_at: null,
    secret_rotated_at: null,
    previous_valid_until: null,
    revoked_at: null,
    secret_ref: null,
  };
}

export function accountExists(account: ServiceAccountAggregate): boolean {
  return account.version > 0 && account.created_at !== null;
}

/** Exists and is not revoked (expiry is a matter of the clock, checked where a secret is presented). */
export function isActiveAccount(account: ServiceAccountAggregate): boolean {
  return accountExists(account) && account.status === 'active';
}

/** Applies one stored event (at its stream version); types that shape nothing only move the version. */
export function applyServiceAccountEvent(state: ServiceAccountAggregate, event: EventEnvelope, version: number): ServiceAccountAggregate {
  const next: ServiceAccountAggregate = { ...state, version };
  switch (event.type) {
    case 'ServiceAccountCreated': {
      const d = event.data as EventEnvelope<'ServiceAccountCreated'>['data'];
      return {
        ...next,
        client_id: d.client_id,
        name: d.name,
        scopes: [...d.scopes],
        status: 'active',
        created_at: event.occurred_at,
        expires_at: d.expires_at ?? null,
        secret_rotated_at: event.occurred_at,
        previous_valid_until: null,
        revoked_at: null,
        secret_ref: d.secret_ref ? { provider: d.secret_ref.provider, name: d.secret_ref.name } : null,
      };
    }
    case 'SecretRotated': {
      const d = event.data as EventEnvelope<'SecretRotated'>['data'];
      return { ...next, secret_rotated_at: event.occurred_at, previous_valid_until: d.previous_valid_until ?? null };
    }
    case 'ServiceAccountRevoked':
      return { ...next, status: 'revoked', revoked_at: event.occurred_at };
    default:
      return next;
  }
}

export function foldServiceAccount(
  start: ServiceAccountAggregate,
  events: ReadonlyArray<{ version: number; envelope: EventEnvelope }>,
): ServiceAccountAggregate {
  return events.reduce((state, e) => applyServiceAccountEvent(state, e.envelope, e.version), start);
}

/** The state after appending `events` at `state.version` (what the stream holds once they commit). */
export function applyNewServiceAccountEvents(state: ServiceAccountAggregate, events: readonly EventEnvelope[]): ServiceAccountAggregate {
  return events.reduce((s, e, i) => applyServiceAccountEvent(s, e, state.version + i + 1), state);
}
