/** Shapes of the public HTTP API (docs/api.md) that the console reads. */
export type Role = 'admin' | 'founder' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'founder', 'auditor'];

export interface Violation {
  rule: string;
  message: string;
}

/** RFC 9457 problem JSON, as every error of the gateway is. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  request_id?: string;
  violations?: Violation[];
}

export interface LoginReply {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Seconds the refresh token stays usable unused: the session's idle timeout (or its end). */
  refresh_expires_in?: number;
  password_change_required: boolean;
  /** The user's role requires a second factor they lack: the token may only enrol one. */
  mfa_enrollment_required?: boolean;
}

/** The login of a user with a second factor: no tokens until POST /auth/mfa/challenge. */
export interface MfaRequiredReply {
  mfa_required: true;
  mfa_token: string;
  methods: Array<'totp' | 'webauthn' | 'recovery_code'>;
}

export type MfaMethod = MfaRequiredReply['methods'][number];

/** GET /auth/mfa */
export interface MfaStatus {
  methods: Array<{ id: string; type: 'totp' | 'webauthn'; label: string; created_at: string; last_used_at: string | null }>;
  recovery_codes_left: number;
}

/** POST /auth/mfa/webauthn: recovery codes only at the account's first factor. */
export interface PasskeyRegistered {
  id: string;
  recovery_codes?: string[];
}

/** POST /auth/mfa/totp: pending until confirmed with a first code. */
export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauth_uri: string;
}

export interface Me {
  id: string;
  email: string;
  name: string | null;
  roles: Role[];
  password_expires_at: string | null;
  password_change_required: boolean;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string | null;
  roles: Role[];
  status: string;
  locked: boolean;
  locked_until: string | null;
  failed_attempts: number;
  created_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type KeyStatus = 'next' | 'active' | 'retiring' | 'retired' | 'revoked';

export interface SigningKey {
  kid: string;
  alg: string;
  status: KeyStatus;
  created_at: string | null;
  activated_at: string | null;
  expires_at: string | null;
  rotates_at?: string | null;
}

export interface RotationOutcome {
  status: 'rotated' | 'scheduled' | 'unchanged';
  active_kid?: string | null;
  previous_kid?: string | null;
  activates_at?: string | null;
}

export interface ServiceAccount {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  status: 'active' | 'revoked' | 'expired';
  created_at: string;
  expires_at: string | null;
  secret_rotated_at: string;
  rotation_due_at?: string;
  previous_valid_until: string | null;
  revoked_at: string | null;
}

export interface AuditRecord {
  seq: number;
  event_id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: { type: string; id: string | null };
  subject: { type: string; id: string | null };
  outcome: 'success' | 'failure';
  source: { service: string; ip?: string; user_agent?: string };
  trace_id: string | null;
  trace_url?: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head?: { seq: number; hash: string } | null;
  first_bad_seq?: number;
  reason?: string;
}

export const PASSWORD_POLICIES = ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const;

/** The keys of GET/PUT /admin/settings (docs/runtime-settings.md); PUT takes any subset. */
export interface RuntimeSettings {
  password_policy: string;
  cors_origins: string[];
  access_token_ttl_seconds: number;
  refresh_token_ttl_seconds: number;
  session_idle_timeout_seconds: number;
  session_max_lifetime_seconds: number;
}
export type SettingKey = keyof RuntimeSettings;
export const SETTING_KEYS: readonly SettingKey[] = [
  'password_policy', 'cors_origins', 'access_token_ttl_seconds', 'refresh_token_ttl_seconds', 'session_idle_timeout_seconds', 'session_max_lifetime_seconds',
];

/** What GET and PUT answer: the effective settings and who changed them last (both null until a change). */
export interface SettingsView extends RuntimeSettings {
  updated_at: string | null;
  updated_by: string | null;
}
