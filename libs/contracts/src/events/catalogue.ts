/**
 * The event catalogue: one entry per event type with its aggregate and version; the subject is
 * derived, never written per entry: `tr4ction.<aggregate>.<name>.v<N>`, where `<name>` is the type
 * in kebab-case with the aggregate's noun dropped when the type starts with it (UserRegistered on
 * `user` -> `tr4ction.user.registered.v1`, SigningKeyRevoked on `signing-key` ->
 * `tr4ction.signing-key.revoked.v1`, AccountLocked on `user` -> `tr4ction.user.account-locked.v1`).
 * The aggregate is the entity whose state the event changes or whose activity it records; its
 * events share `tr4ction.<aggregate>.>`, the unit the bus permissions grant. A breaking payload
 * change gets a new version and both are published while consumers move. docs/events.md has the
 * rule and the subjects renamed when it was introduced (LEGACY_EVENT_SUBJECTS).
 */
import type { RequestProof, RpcRefusalReason } from '../rpc/rpc-proof';

export const SUBJECT_ROOT = 'tr4ction';

/** Everything the rotation engine rotates, as named in SecretRotated / SecretRotationFailed. */
export type RotatedCredential = 'signing_key' | 'service_account_secret' | 'jwt_secret' | 'master_key' | 'db_password' | 'checkpoint_key';
/** Where a credential is kept for its client: a writable secrets provider and the name in it. */
export interface SecretRef {
  provider: 'file' | 'aws-secrets-manager' | 'aws-ssm';
  name: string;
}
/** The four steps of a staged rotation, as AWS Secrets Manager names them. */
export const STAGED_ROTATION_STEPS = ['create', 'set', 'test', 'finish'] as const;
export type StagedRotationStep = (typeof STAGED_ROTATION_STEPS)[number];

export type OAuthEndpoint = 'token' | 'introspect' | 'revoke';
/** invalid_credentials: unknown client, wrong, expired or revoked secret (one answer, as rotation-service gives). */
export type ClientAuthenticationFailure = 'invalid_credentials' | 'malformed_secret';

export interface EventDataMap {
  UserRegistered: { email: string; name: string | null; roles: string[]; password_expires_at: string | null };
  UserCreated: { email: string; name: string | null; roles: string[]; must_change_password: boolean; seeded?: boolean };
  UserDeleted: { reason?: string };
  RolesChanged: { before: string[]; after: string[] };
  /** `mfa`: the second factor that finished the login, when one did. */
  LoginSucceeded: { password_change_required: boolean; rehashed?: boolean; mfa?: 'totp' | 'webauthn' | 'recovery_code' };
  LoginFailed: { reason: 'unknown_email' | 'wrong_password' | 'locked' | 'disabled' | 'throttled'; failed_attempts?: number };
  AccountLocked: { failed_attempts: number; locked_until: string };
  AccountUnlocked: { by: 'admin' | 'expiry' };
  /** `session_id`: the session the change was made from, which stays signed in (every other one ends). */
  PasswordChanged: { reason: 'user' | 'first_login' | 'expired'; password_expires_at: string | null; session_id?: string };
  PasswordResetByAdmin: { must_change_password: true };
  TokenIssued: { jti: string; kind: 'access' | 'refresh' | 'client_credentials'; kid?: string; scope?: string; expires_at: string };
  TokenRevoked: { jti?: string; family_id?: string; scope: 'token' | 'family' | 'user'; reason: string };
  RefreshTokenReuseDetected: { family_id: string };
  AllTokensRevoked: { reason: string; not_before: string };
  SecretRotated: {
    what: RotatedCredential;
    /** A staged rotation through a secret store: the version id the store now holds as current (never the value). */
    version?: string;
    kid?: string;
    fingerprint?: string;
    previous_valid_until?: string;
    emergency?: boolean;
    /** master_key: how many stored rows were re-encrypted under the new key. */
    reencrypted?: number;
  };
  /** A rotation step that could not finish; `reason` is a code, never material. */
  SecretRotationFailed: { what: RotatedCredential; step: string; reason: string; fingerprint?: string; id?: string; version?: string };
  /**
   * One step of a staged rotation done (job state, in the job's own stream): `id` the credential's
   * subject, `version` the store version id being rotated in. A crashed rotation resumes after the last one.
   */
  SecretRotationStepCompleted: { what: RotatedCredential; id: string; version: string; step: StagedRotationStep };
  SigningKeyRevoked: { kid: string; reason: string };
  /** `secret_ref`: the store the platform writes the client secret to (and rotates it in), never the secret. */
  ServiceAccountCreated: { name: string; client_id: string; scopes: string[]; expires_at?: string | null; secret_ref?: SecretRef };
  ServiceAccountRevoked: { client_id: string; reason?: string };
  ConfigurationChanged: { changes: Array<{ key: string; before: unknown; after: unknown }> };
  DatabaseBackupCompleted: { size_bytes: number; sha256: string; file_name: string };
  DatabaseRestored: { sha256: string; file_name: string; target_database: string };
  /** A client failed to authenticate at an OAuth endpoint: the client id it claimed and why, never the secret. */
  ClientAuthenticationFailed: { client_id: string; reason: ClientAuthenticationFailure; endpoint: OAuthEndpoint };
  AuditCheckpointSigned: { seq: number; hash: string; key_id: string; signature: string };
  /**
   * `reason` only on a refused read (outcome failure): the caller's roles or scopes do not allow it.
   * Refused reads are collapsed: `count` refusals of the caller at the endpoint between `first_at`
   * and `last_at`, `filters` those of the first.
   */
  AuditLogQueried: {
    endpoint: string;
    filters: Record<string, string>;
    reason?: 'FORBIDDEN' | 'INSUFFICIENT_SCOPE';
    count?: number;
    first_at?: string;
    last_at?: string;
  };
  /** Reads of one admin route by the actor, collapsed: `count` of them between `first_at` and `last_at`. */
  AdminRead: { route: string; count: number; first_at: string; last_at: string };
  /** A point-in-time read (`view`: users, user, user-history, settings, keys, service-accounts) and what it asked. */
  HistoryQueried: { view: string; as_of: string | null; filters: Record<string, string> };
  RotationDue: { what: 'signing_key' | 'service_account_secret'; id: string; due_at: string };
  SigningKeyCreated: { kid: string; alg: string; fingerprint: string };
  SigningKeyStatusChanged: { kid: string; from: 'next' | 'active' | 'retiring' | 'retired'; to: 'active' | 'retiring' | 'retired'; reason?: string };
  /** Subject: the user whose session ended; actor: who ended it. Gateways reject the session's access tokens by `sid`. */
  SessionRevoked: { session_id: string; reason: SessionEndReason };
  /** Never the secret, a code or a recovery code: ids, types and counts only. */
  MfaEnrolled: { factor_id: string; type: 'totp' | 'webauthn'; label: string; recovery_codes_issued: number };
  MfaRemoved: { factor_id: string; type: 'totp' | 'webauthn'; factors_left: number };
  MfaChallengeSucceeded: { method: 'totp' | 'webauthn' | 'recovery_code'; factor_id?: string };
  /** webauthn: `invalid_assertion` (bad signature, origin, challenge, unknown credential), `counter_regressed` (a cloned authenticator?). */
  MfaChallengeFailed: {
    method: 'totp' | 'webauthn' | 'recovery_code';
    reason: 'wrong_code' | 'replayed_code' | 'invalid_assertion' | 'counter_regressed' | 'locked' | 'throttled' | 'no_factor';
    failed_attempts?: number;
  };
  RecoveryCodeUsed: { recovery_codes_left: number };
  RecoveryCodesRegenerated: { count: number };
  MfaReset: { factors_removed: number };
  /**
   * A request the receiving service refused for want of proof: nothing happened. The actor is the
   * verified one when the proof held (but did not suffice), else only what the request claimed.
   */
  /**
   * `count`, `first_at`, `last_at`: the refusals of one caller, pattern and reason that this record
   * stands for (the first of a window is recorded at once with count 1, the repeats in one record
   * when the window closes; see RpcRefusalRecorder).
   */
  RpcRefused: {
    pattern: string;
    reason: RpcRefusalReason;
    proof: RequestProof['kind'] | 'none';
    actor_verified: boolean;
    count: number;
    first_at: string;
    last_at: string;
  };
}

/** Why a session ended (SessionRevoked). */
export const SESSION_END_REASONS = [
  'logout',
  'user',
  'admin',
  'password_changed',
  'password_reset',
  'idle_timeout',
  'max_lifetime',
  'reuse',
  'roles_changed',
  'user_deleted',
  'revoked',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export type EventType = keyof EventDataMap;

/** The aggregates, each the second token of its events' subjects (one kebab-case noun). */
export const EVENT_AGGREGATES = [
  'user',
  'session',
  'token',
  'secret',
  'signing-key',
  'service-account',
  'configuration',
  'database',
  'audit',
  'client',
  'rpc',
] as const;
export type EventAggregate = (typeof EVENT_AGGREGATES)[number];

interface CatalogueEntry {
  aggregate: EventAggregate;
  version: number;
}

/** The aggregate and version of each type: the subject follows from them (see subjectFor). */
export const EVENT_CATALOGUE: Record<EventType, CatalogueEntry> = {
  UserRegistered: { aggregate: 'user', version: 1 },
  UserCreated: { aggregate: 'user', version: 1 },
  UserDeleted: { aggregate: 'user', version: 1 },
  RolesChanged: { aggregate: 'user', version: 1 },
  LoginSucceeded: { aggregate: 'session', version: 1 },
  LoginFailed: { aggregate: 'session', version: 1 },
  AccountLocked: { aggregate: 'user', version: 1 },
  AccountUnlocked: { aggregate: 'user', version: 1 },
  PasswordChanged: { aggregate: 'user', version: 1 },
  PasswordResetByAdmin: { aggregate: 'user', version: 1 },
  TokenIssued: { aggregate: 'token', version: 1 },
  TokenRevoked: { aggregate: 'token', version: 1 },
  RefreshTokenReuseDetected: { aggregate: 'token', version: 1 },
  AllTokensRevoked: { aggregate: 'token', version: 1 },
  SecretRotated: { aggregate: 'secret', version: 1 },
  SecretRotationFailed: { aggregate: 'secret', version: 1 },
  SecretRotationStepCompleted: { aggregate: 'secret', version: 1 },
  SigningKeyRevoked: { aggregate: 'signing-key', version: 1 },
  ServiceAccountCreated: { aggregate: 'service-account', version: 1 },
  ServiceAccountRevoked: { aggregate: 'service-account', version: 1 },
  ConfigurationChanged: { aggregate: 'configuration', version: 1 },
  DatabaseBackupCompleted: { aggregate: 'database', version: 1 },
  DatabaseRestored: { aggregate: 'database', version: 1 },
  AuditCheckpointSigned: { aggregate: 'audit', version: 1 },
  ClientAuthenticationFailed: { aggregate: 'client', version: 1 },
  AuditLogQueried: { aggregate: 'audit', version: 1 },
  AdminRead: { aggregate: 'audit', version: 1 },
  HistoryQueried: { aggregate: 'audit', version: 1 },
  RotationDue: { aggregate: 'secret', version: 1 },
  SigningKeyCreated: { aggregate: 'signing-key', version: 1 },
  SigningKeyStatusChanged: { aggregate: 'signing-key', version: 1 },
  SessionRevoked: { aggregate: 'session', version: 1 },
  // The `user` aggregate: every gateway forgets its cached profile of that user on these.
  MfaEnrolled: { aggregate: 'user', version: 1 },
  MfaRemoved: { aggregate: 'user', version: 1 },
  RecoveryCodesRegenerated: { aggregate: 'user', version: 1 },
  MfaReset: { aggregate: 'user', version: 1 },
  MfaChallengeSucceeded: { aggregate: 'session', version: 1 },
  MfaChallengeFailed: { aggregate: 'session', version: 1 },
  RecoveryCodeUsed: { aggregate: 'session', version: 1 },
  RpcRefused: { aggregate: 'rpc', version: 1 },
};

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/** `AllTokensRevoked` -> `all-tokens-revoked`. */
function kebabCase(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The event's token in its subject: the type in kebab-case, without the aggregate's noun in front. */
function subjectNameFor(type: EventType): string {
  const name = kebabCase(type);
  const prefix = `${EVENT_CATALOGUE[type].aggregate}-`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

export function subjectFor(type: EventType): string {
  const { aggregate, version } = EVENT_CATALOGUE[type];
  return `${SUBJECT_ROOT}.${aggregate}.${subjectNameFor(type)}.v${version}`;
}

/**
 * The subjects of the five types that broke the rule while subjects were written per entry (issue
 * 14). Nothing publishes on them any more, but outbox rows written before the upgrade and messages
 * already in the streams carry them, signed over that subject, so readers still take them. Until when:
 * - subscriptions and the bus permission table (subjectsFor): 90 days after the release that renamed
 *   them has run everywhere (outboxes drained; events stream 30 days, dead letters and quarantine
 *   90 days aged out). Then subjectsFor drops them.
 * - eventTypeForSubject: as long as the audit log keeps a record projected from such an event: its
 *   proof names the subject it was signed on, and /audit/verify maps that back to the record's type.
 * A later change of subject is a new version of the type, never a new entry here.
 */
export const LEGACY_EVENT_SUBJECTS: { readonly [T in EventType]?: readonly string[] } = {
  AccountLocked: [`${SUBJECT_ROOT}.user.locked.v1`],
  AccountUnlocked: [`${SUBJECT_ROOT}.user.unlocked.v1`],
  RefreshTokenReuseDetected: [`${SUBJECT_ROOT}.token.refresh-reuse-detected.v1`],
  AllTokensRevoked: [`${SUBJECT_ROOT}.token.all-revoked.v1`],
  AuditLogQueried: [`${SUBJECT_ROOT}.audit.queried.v1`],
};

/** Every subject an event of `type` may arrive on (the current one first): what a watcher subscribes to. */
export function subjectsFor(type: EventType): string[] {
  return [subjectFor(type), ...(LEGACY_EVENT_SUBJECTS[type] ?? [])];
}

/** Every event subject, for stream and consumer filters. */
export const ALL_EVENTS_SUBJECT = `${SUBJECT_ROOT}.>`;

const TYPE_BY_SUBJECT = new Map<string, EventType>(EVENT_TYPES.flatMap((t) => subjectsFor(t).map((s) => [s, t] as [string, EventType])));

/** The type of an event on `subject`, the legacy subjects included. */
export function eventTypeForSubject(subject: string): EventType | undefined {
  return TYPE_BY_SUBJECT.get(subject);
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, value);
}
