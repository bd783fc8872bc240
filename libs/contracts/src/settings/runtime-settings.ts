/**
 * Runtime settings: values an admin changes with PUT /admin/settings and every replica applies
 * without a restart. user-service owns them (event-sourced, ConfigurationChanged); the gateway,
 * auth-service and user-service replicas follow them. The keys, their bounds and the diff that
 * becomes the event live here so that owner, gateway schema and followers cannot disagree.
 * None of these values is a secret, so before/after may be recorded as they are.
 */
import { isRole, ROLES, type Role } from '../auth/roles';
import type { Actor } from '../events/envelope';

/** Kept equal to @tr4ction/security POLICY_NAMES (a unit spec holds them together). */
export const PASSWORD_POLICY_NAMES = ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const;
export type PasswordPolicyName = (typeof PASSWORD_POLICY_NAMES)[number];

export const RUNTIME_SETTING_KEYS = [
  'password_policy',
  'cors_origins',
  'access_token_ttl_seconds',
  'refresh_token_ttl_seconds',
  'session_idle_timeout_seconds',
  'session_max_lifetime_seconds',
  'mfa_required_roles',
] as const;
export type RuntimeSettingKey = (typeof RUNTIME_SETTING_KEYS)[number];

export interface RuntimeSettings {
  password_policy: PasswordPolicyName;
  cors_origins: string[];
  access_token_ttl_seconds: number;
  refresh_token_ttl_seconds: number;
  /** A session not refreshed for this long ends at its next refresh attempt. */
  session_idle_timeout_seconds: number;
  /** No session outlives this, counted from its sign-in; applies to running sessions too. */
  session_max_lifetime_seconds: number;
  /** Users with one of these roles must have a second factor: without one, a login may only enrol it. */
  mfa_required_roles: Role[];
}

export type RuntimeSettingsPatch = Partial<RuntimeSettings>;

export const SETTING_BOUNDS = {
  access_token_ttl_seconds: { min: 60, max: 86_400 },
  refresh_token_ttl_seconds: { min: 3_600, max: 365 * 86_400 },
  session_idle_timeout_seconds: { min: 10, max: 365 * 86_400 },
  session_max_lifetime_seconds: { min: 300, max: 365 * 86_400 },
  cors_origins: { maxItems: 50, maxLength: 2_048 },
} as const;

/** scheme://host[:port], nothing else: no path (not even `/`), query, userinfo or wildcard. */
export const ORIGIN_PATTERN = '^https?://[A-Za-z0-9.\\-\\[\\]:]+$';

export interface SettingChange {
  key: RuntimeSettingKey;
  before: unknown;
  after: unknown;
}

/** What the owner answers to followers and to the gateway (GET, PUT, boot-time load). */
export interface RuntimeSettingsSnapshot {
  /** Version of the settings stream; followers never go back to a lower one. */
  version: number;
  /** Effective values: the owner's environment defaults with every admin change applied. */
  settings: RuntimeSettings;
  /** Only the keys an admin has set: a follower falls back to its own environment for the rest. */
  overrides: RuntimeSettingsPatch;
  updated_at: string | null;
  updated_by: Actor | null;
}

/** The origin as a browser sends it in `Origin` (lower-case scheme and host, no default port), or undefined if it is not one. */
export function canonicalOrigin(value: string): string | undefined {
  if (value.length > SETTING_BOUNDS.cors_origins.maxLength || !new RegExp(ORIGIN_PATTERN).test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.hostname.includes('*')) return undefined;
  return url.origin;
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Every problem of a patch, each naming its key (never echoing a value), and the patch in
 * canonical form (origins canonicalised, de-duplicated). Unknown keys are problems too.
 */
export function validateSettingsPatch(input: unknown): { problems: string[]; patch: RuntimeSettingsPatch } {
  const problems: string[] = [];
  const patch: RuntimeSettingsPatch = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { problems: ['settings must be an object'], patch };
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'password_policy':
        if (typeof value === 'string' && (PASSWORD_POLICY_NAMES as readonly string[]).includes(value)) patch.password_policy = value as PasswordPolicyName;
        else problems.push(`password_policy must be one of ${PASSWORD_POLICY_NAMES.join(', ')}`);
        break;
      case 'cors_origins': {
        if (!Array.isArray(value) || value.length > SETTING_BOUNDS.cors_origins.maxItems) {
          problems.push(`cors_origins must be a list of at most ${SETTING_BOUNDS.cors_origins.maxItems} origins`);
          break;
        }
        const origins = value.map((v) => (typeof v === 'string' ? canonicalOrigin(v) : undefined));
        const bad = origins.findIndex((o) => o === undefined);
        if (bad >= 0) problems.push(`cors_origins.${bad} must be an origin (scheme://host[:port], no path, no wildcard)`);
        else patch.cors_origins = [...new Set(origins as string[])];
        break;
      }
      case 'access_token_ttl_seconds':
      case 'refresh_token_ttl_seconds':
      case 'session_idle_timeout_seconds':
      case 'session_max_lifetime_seconds': {
        const { min, max } = SETTING_BOUNDS[key];
        if (isInt(value, min, max)) patch[key] = value;
        else problems.push(`${key} must be an integer from ${min} to ${max}`);
        break;
      }
      case 'mfa_required_roles':
        if (Array.isArray(value) && value.length <= ROLES.length && value.every(isRole)) patch.mfa_required_roles = ROLES.filter((r) => value.includes(r));
        else problems.push(`mfa_required_roles must be a list of roles (${ROLES.join(', ')})`);
        break;
      default:
        problems.push(`${key.slice(0, 64)} is not a runtime setting`);
    }
  }
  return { problems, patch };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The keys whose value the patch really changes, with before and after, in RUNTIME_SETTING_KEYS order. */
export function diffSettings(current: RuntimeSettings, patch: RuntimeSettingsPatch): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const key of RUNTIME_SETTING_KEYS) {
    const after = patch[key];
    if (after === undefined || sameValue(current[key], after)) continue;
    changes.push({ key, before: current[key], after });
  }
  return changes;
}

/** Applies recorded changes (the `after` values) to a set of settings. */
export function applySettingChanges<T extends RuntimeSettingsPatch>(base: T, changes: ReadonlyArray<{ key: string; after: unknown }>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const change of changes) if ((RUNTIME_SETTING_KEYS as readonly string[]).includes(change.key)) next[change.key] = change.after;
  return next as T;
}
