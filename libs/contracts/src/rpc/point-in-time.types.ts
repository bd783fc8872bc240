/**
 * Point-in-time reads (docs/point-in-time.md, docs/api.md), answered by audit-service from its temporal
 * projections of the audit log. Every item names the audit record of the last event that shaped it,
 * so an auditor can check the answer against the hash chain (`GET /audit/events`).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { SigningKeyState } from '../auth/public-jwk';

/** The audit record behind an item: its event id and its place in the chain. */
export interface Evidence {
  event_id: string;
  audit_seq: number;
}

/** The views HistoryQueried records (`data.view`). */
export const POINT_IN_TIME_VIEWS = ['users', 'user', 'user-history', 'settings', 'keys', 'service-accounts'] as const;
export type PointInTimeView = (typeof POINT_IN_TIME_VIEWS)[number];

/** `rpc.audit.as-of.users`: `as_of` an RFC 3339 instant; `role`/`status` filters; keyset paging by user id. */
export const AsOfUsersRequestSchema = Type.Object({
  as_of: Type.String(),
  role: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Number()),
});
export type AsOfUsersRequest = Static<typeof AsOfUsersRequestSchema>;

/** A user as it stood at the instant. `status`: active, or locked while a lockout ran then. */
export interface UserAsOf {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  status: 'active' | 'locked';
  created_at: string;
  evidence: Evidence;
}

export interface AsOfPage<T> {
  as_of: string;
  items: T[];
  next_cursor: string | null;
}

export const AsOfUserRequestSchema = Type.Object({ user_id: Type.String(), as_of: Type.String() });
export type AsOfUserRequest = Static<typeof AsOfUserRequestSchema>;

/** By `user_id`, or by `email` (the newest account that ever held it, deleted ones included). */
export const UserHistoryRequestSchema = Type.Object({
  user_id: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Number()),
});
export type UserHistoryRequest = Static<typeof UserHistoryRequestSchema>;

export interface UserHistoryPage {
  user_id: string;
  items: UserHistoryEntry[];
  next_cursor: string | null;
}

/** One event of a user's history: what changed, from its payload (never a secret: events carry none). */
export interface UserHistoryEntry {
  event_id: string;
  audit_seq: number;
  type: string;
  occurred_at: string;
  actor: { type: string; id: string | null };
  changes: Record<string, unknown>;
}

export const AsOfRequestSchema = Type.Object({ as_of: Type.String() });
export type AsOfRequest = Static<typeof AsOfRequestSchema>;

/** The whole of a view at the instant (settings, keys, service accounts: small enough for one page). */
export interface AsOfList<T> {
  as_of: string;
  items: T[];
}

/** A runtime setting at the instant; `evidence` null for a key no recorded change had touched yet (its default then). */
export interface SettingAsOf {
  key: string;
  value: unknown;
  evidence: Evidence | null;
}

export interface SigningKeyAsOf {
  kid: string;
  alg: string;
  fingerprint: string;
  status: SigningKeyState;
  created_at: string;
  evidence: Evidence;
}

export interface ServiceAccountAsOf {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'revoked';
  expires_at: string | null;
  secret_rotated_at: string;
  created_at: string;
  evidence: Evidence;
}
