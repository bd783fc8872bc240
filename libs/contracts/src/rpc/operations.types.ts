/**
 * Payloads of the `rpc.ops.*` patterns: operator actions that run outside the services (a
 * pg_dump, a pg_restore) and are recorded through audit-service, so they are evented and audited.
 */
import { Type, type Static } from '@sinclair/typebox';
import { literals } from './catalogue/rpc-entry';

export const BackupCompletedRequestSchema = Type.Object({
  /** Name of the database that was dumped (the event's subject id). */
  database: Type.String(),
  size_bytes: Type.Number(),
  sha256: Type.String(),
  /** Base name of the dump file, no folder. */
  file_name: Type.String(),
});
export type BackupCompletedRequest = Static<typeof BackupCompletedRequestSchema>;

export const RestoreCompletedRequestSchema = Type.Object({
  /** Name of the database the dump was restored into. */
  target_database: Type.String(),
  sha256: Type.String(),
  file_name: Type.String(),
});
export type RestoreCompletedRequest = Static<typeof RestoreCompletedRequestSchema>;

export interface OperationRecorded {
  event_id: string;
  type: string;
}

/** The audit reads, as the gateway routes them and as AuditLogQueried names them. */
export const AUDIT_READ_ENDPOINTS = ['/audit/events', '/audit/events/export', '/audit/verify'] as const;
export type AuditReadEndpoint = (typeof AUDIT_READ_ENDPOINTS)[number];

/**
 * `rpc.audit.refused-read`: an authenticated caller asked for an audit read its roles do not allow.
 * `query` is the request's query string as received (unvalidated: the guard refused before any
 * validation); audit-service keeps only the known filters, bounded.
 */
export const REFUSED_AUDIT_READ_REASONS = ['FORBIDDEN', 'INSUFFICIENT_SCOPE'] as const;
export type RefusedAuditReadReason = (typeof REFUSED_AUDIT_READ_REASONS)[number];

export const RefusedAuditReadRequestSchema = Type.Object({
  endpoint: literals(AUDIT_READ_ENDPOINTS),
  query: Type.Record(Type.String(), Type.Unknown()),
  /** FORBIDDEN: the caller's roles do not allow it; INSUFFICIENT_SCOPE: its token lacks `audit:read`. */
  reason: literals(REFUSED_AUDIT_READ_REASONS),
  /**
   * Refusals of this caller at this endpoint collapsed into this one record (the gateway records
   * one per caller, endpoint and window), and the instants of the first and the last of them.
   */
  count: Type.Optional(Type.Number()),
  first_at: Type.Optional(Type.String()),
  last_at: Type.Optional(Type.String()),
});
export type RefusedAuditReadRequest = Static<typeof RefusedAuditReadRequestSchema>;

/** The admin reads the runbook's weekly "who accessed admin functions" review looks at (routes as the gateway routes them). */
export const ADMIN_READ_ROUTES = ['/admin/users', '/admin/users/:id/sessions', '/admin/keys', '/admin/service-accounts', '/admin/settings'] as const;
export type AdminReadRoute = (typeof ADMIN_READ_ROUTES)[number];

/**
 * `rpc.audit.admin-read`: an authenticated caller read an admin route. The gateway collapses the
 * reads of one caller and route into one report per window: `count` reads between `first_at` and `last_at`.
 */
export const AdminReadRequestSchema = Type.Object({
  route: literals(ADMIN_READ_ROUTES),
  count: Type.Number(),
  first_at: Type.String(),
  last_at: Type.String(),
});
export type AdminReadRequest = Static<typeof AdminReadRequestSchema>;

/** `rpc.auth.authenticate-client`: a service account's client credentials, as sent to an OAuth endpoint. */
export const AuthenticateClientRequestSchema = Type.Object({
  client_id: Type.String(),
  client_secret: Type.String(),
  endpoint: Type.Union([Type.Literal('introspect'), Type.Literal('revoke')]),
});
export type AuthenticateClientRequest = Static<typeof AuthenticateClientRequestSchema>;

export interface AuthenticatedClient {
  id: string;
  client_id: string;
  scopes: string[];
}

/** `rpc.auth.revoke-token`: an access token (jti, exp, sub from its verified claims) or a refresh token. */
export const RevokeTokenRequestSchema = Type.Object({
  access: Type.Optional(Type.Object({ jti: Type.String(), exp: Type.Number(), sub: Type.String() })),
  refresh_token: Type.Optional(Type.String()),
});
export type RevokeTokenRequest = Static<typeof RevokeTokenRequestSchema>;

/** `rpc.auth.introspect-refresh`: RFC 7662 claims of a live refresh token, or `{active: false}`. */
export type RefreshTokenIntrospection = { active: false } | { active: true; sub: string; scope: string; exp: number; iat: number; token_type: 'refresh_token' };
