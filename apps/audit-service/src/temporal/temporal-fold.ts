/**
 * How an audit record changes the state of the entities auditors ask about "as of" an instant:
 * users, signing keys, service accounts and runtime settings. Pure: the same fold runs inline with
 * the append (live) and over the whole log (replay), which is what makes the two comparable row
 * for row. It reads the record as stored (redacted), never the live tables of another service.
 *
 * What the events cannot tell: a lockout that simply ran out has no event until the next login
 * (AccountUnlocked by expiry), so a user's status is derived at query time from `locked_until`;
 * a setting's value before its first recorded change is the `before` of that change (nothing
 * earlier is known to the log), and a key no change ever touched is not in the log at all.
 */
import type { AuditRecord } from '@tr4ction/audit-chain';

export const TEMPORAL_KINDS = ['user', 'signing_key', 'service_account', 'setting'] as const;
export type TemporalKind = (typeof TEMPORAL_KINDS)[number];

export type EntityState = Record<string, unknown>;

/**
 * One entity touched by a record. `next` maps the state current before the record (null when the
 * entity is unknown) to the state after it: a new state, null (it ends: a deleted user), or
 * undefined (this record does not shape it). `prior`: the state to assume from the beginning of
 * time when the entity is unknown (a setting's value before its first recorded change).
 */
export interface Transition {
  kind: TemporalKind;
  id: string;
  next: (current: EntityState | null) => EntityState | null | undefined;
  prior?: EntityState;
}

export function transitionsOf(record: AuditRecord): Transition[] {
  const d = record.data;
  const id = record.subject?.id;
  if (record.outcome !== 'success' && record.type !== 'AccountLocked') return [];
  switch (record.type) {
    case 'UserRegistered':
    case 'UserCreated':
      if (!id) return [];
      return [
        {
          kind: 'user',
          id,
          next: () => ({ email: d.email, name: d.name ?? null, roles: sortedStrings(d.roles), locked_until: null, created_at: record.occurred_at }),
        },
      ];
    case 'RolesChanged':
      return id ? [{ kind: 'user', id, next: (s) => (s ? { ...s, roles: sortedStrings(d.after) } : undefined) }] : [];
    case 'AccountLocked':
      return id
        ? [
            {
              kind: 'user',
              id,
              next: (s) => (s ? { ...s, locked_until: typeof d.locked_until === 'string' ? new Date(d.locked_until).toISOString() : null } : undefined),
            },
          ]
        : [];
    case 'AccountUnlocked':
      return id ? [{ kind: 'user', id, next: (s) => (s && s.locked_until !== null ? { ...s, locked_until: null } : undefined) }] : [];
    case 'UserDeleted':
      return id ? [{ kind: 'user', id, next: (s) => (s ? null : undefined) }] : [];
    case 'SigningKeyCreated':
      return typeof d.kid === 'string'
        ? [
            {
              kind: 'signing_key',
              id: d.kid,
              next: () => ({ kid: d.kid, alg: d.alg, fingerprint: d.fingerprint, status: 'next', created_at: record.occurred_at }),
            },
          ]
        : [];
    case 'SigningKeyStatusChanged':
      return typeof d.kid === 'string' ? [{ kind: 'signing_key', id: d.kid, next: (s) => (s ? { ...s, status: d.to } : undefined) }] : [];
    case 'SigningKeyRevoked':
      return typeof d.kid === 'string' ? [{ kind: 'signing_key', id: d.kid, next: (s) => (s ? { ...s, status: 'revoked' } : undefined) }] : [];
    case 'ServiceAccountCreated':
      if (!id) return [];
      return [
        {
          kind: 'service_account',
          id,
          next: () => ({
            id,
            client_id: d.client_id,
            name: d.name,
            scopes: sortedStrings(d.scopes),
            status: 'active',
            expires_at: typeof d.expires_at === 'string' ? new Date(d.expires_at).toISOString() : null,
            secret_rotated_at: record.occurred_at,
            created_at: record.occurred_at,
          }),
        },
      ];
    case 'SecretRotated':
      return id && d.what === 'service_account_secret'
        ? [{ kind: 'service_account', id, next: (s) => (s ? { ...s, secret_rotated_at: record.occurred_at } : undefined) }]
        : [];
    case 'ServiceAccountRevoked':
      return id ? [{ kind: 'service_account', id, next: (s) => (s ? { ...s, status: 'revoked' } : undefined) }] : [];
    case 'ConfigurationChanged':
      return settingChanges(d.changes);
    default:
      return [];
  }
}

function settingChanges(changes: unknown): Transition[] {
  if (!Array.isArray(changes)) return [];
  return changes.flatMap((c: { key?: unknown; before?: unknown; after?: unknown }) =>
    typeof c?.key === 'string' ? [{ kind: 'setting' as const, id: c.key, prior: { value: c.before ?? null }, next: () => ({ value: c.after ?? null }) }] : [],
  );
}

function sortedStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').sort() : [];
}
