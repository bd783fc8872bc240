/**
 * Shapes of the public HTTP API (docs/api.md) that the console reads: each an alias of a schema of
 * the generated client types (@tr4ction/http-api, from docs/api/openapi.json), so a change to the
 * gateway's contract shows up here as a type error, not as a surprise at run time.
 */
import type { ApiSchema } from '@tr4ction/http-api';

export type Role = ApiSchema<'PublicUser'>['roles'][number];
export const ROLES = ['admin', 'founder', 'auditor'] as const satisfies readonly Role[];

export type Violation = ApiSchema<'Violation'>;

/**
 * What a failed call reports: the gateway's problem JSON, or one the console makes up for a
 * failure that brought no answer (not signed in, a cancelled passkey prompt, an unreadable reply).
 */
export type Problem = ApiSchema<'Problem'> | ConsoleProblem;
export interface ConsoleProblem {
  title: string;
  status: number;
  detail?: string;
  code?: 'NOT_SIGNED_IN' | 'PASSKEY_CEREMONY_FAILED';
  violations?: Violation[];
}

export type LoginReply = ApiSchema<'TokenPair'>;
/** The login of a user with a second factor: no tokens until POST /auth/mfa/challenge. */
export type MfaRequiredReply = ApiSchema<'MfaRequired'>;
export type MfaMethod = MfaRequiredReply['methods'][number];
export type MfaStatus = ApiSchema<'MfaStatus'>;
export type PasskeyRegistered = ApiSchema<'WebauthnRegistered'>;
export type TotpEnrolment = ApiSchema<'TotpEnrolment'>;
export type Me = ApiSchema<'PublicUser'>;
export type AdminUser = ApiSchema<'AdminUser'>;

/** A keyset page of the API (`next_cursor` null on the last). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type SigningKey = ApiSchema<'SigningKey'>;
export type KeyStatus = SigningKey['status'];
export type RotationOutcome = ApiSchema<'RotationOutcome'>;
export type ServiceAccount = ApiSchema<'ServiceAccount'>;
export type AuditRecord = ApiSchema<'AuditRecord'>;
export type VerifyResult = ApiSchema<'VerifyResult'>;

/** What GET and PUT answer: the effective settings and who changed them last (both null until a change). */
export type SettingsView = ApiSchema<'SettingsView'>;
/** The settings the console edits (docs/runtime-settings.md; mfa_required_roles has no panel yet); PUT takes any subset. */
export const SETTING_KEYS = [
  'password_policy',
  'cors_origins',
  'access_token_ttl_seconds',
  'refresh_token_ttl_seconds',
  'session_idle_timeout_seconds',
  'session_max_lifetime_seconds',
] as const satisfies readonly (keyof SettingsView)[];
export type SettingKey = (typeof SETTING_KEYS)[number];
export type RuntimeSettings = Pick<SettingsView, SettingKey>;
export const PASSWORD_POLICIES = ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const satisfies readonly RuntimeSettings['password_policy'][];

/** Point in time (docs/point-in-time.md): the audit record of the last event that shaped an item. */
export type Evidence = ApiSchema<'Evidence'>;

/** A list answered `?as_of=`: the instant echoed in UTC. */
export interface AsOfPage<T> {
  as_of: string;
  items: T[];
  next_cursor?: string | null;
}

/** GET /admin/users?as_of= */
export type UserAsOf = ApiSchema<'UserAsOf'>;
/** GET /admin/keys?as_of= */
export type SigningKeyAsOf = ApiSchema<'SigningKeyAsOf'>;
/** GET /admin/settings?as_of=: evidence null for a key no recorded change had touched (its environment value). */
export type SettingAsOf = ApiSchema<'SettingAsOf'>;
/** One record of GET /admin/users/:id/history, oldest first. */
export type UserHistoryEntry = ApiSchema<'UserHistoryEntry'>;
export type UserHistoryPage = ApiSchema<'UserHistoryPage'>;
