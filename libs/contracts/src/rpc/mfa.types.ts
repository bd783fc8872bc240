/**
 * Multi-factor authentication: the shapes user-service (owner of factors and recovery codes),
 * auth-service (the login decision and the challenge) and the gateway exchange. Secrets travel
 * only in the replies that must show them once (the TOTP secret at enrolment, recovery codes).
 */

/** A registered second factor. */
export const MFA_FACTOR_TYPES = ['totp', 'webauthn'] as const;
export type MfaFactorType = (typeof MFA_FACTOR_TYPES)[number];

/** What may finish a login after the password: a factor, or one of the recovery codes. */
export const MFA_CHALLENGE_TYPES = ['totp', 'webauthn', 'recovery_code'] as const;
export type MfaChallengeType = (typeof MFA_CHALLENGE_TYPES)[number];

/** A code of the authenticator app (6 digits) or a recovery code (letters, digits, a dash); bounded before it reaches a service. */
export const MFA_CODE_MAX_LENGTH = 32;

/** The facts user-service reports after a correct password; auth-service decides what the login answers. */
export interface VerifiedUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
  /** Confirmed factors, plus `recovery_code` while unused codes are left; empty: no second factor. */
  mfa_methods: MfaChallengeType[];
  /** A role in `mfa_required_roles` and no confirmed factor: the session may only enrol one. */
  mfa_enrollment_required: boolean;
}

export interface MfaMethodView {
  id: string;
  type: MfaFactorType;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

/** GET /auth/mfa */
export interface MfaStatus {
  methods: MfaMethodView[];
  recovery_codes_left: number;
}

export interface MfaUserRequest {
  user_id: string;
}

export interface StartTotpRequest extends MfaUserRequest {
  current_password: string;
  label?: string;
}

/** POST /auth/mfa/totp: pending until confirmed with a first code. */
export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauth_uri: string;
}

export interface ConfirmTotpRequest extends MfaUserRequest {
  factor_id: string;
  code: string;
}

/** Present only at the first enrolment of the account. */
export interface MfaConfirmed {
  recovery_codes?: string[];
}

export interface RemoveFactorRequest extends MfaUserRequest {
  factor_id: string;
}

export interface RecoveryCodes {
  recovery_codes: string[];
}

/**
 * The second step of a login (rpc.user.mfa.verify): the user comes from auth-service's mfa_token,
 * never from the caller. A code for `totp` and `recovery_code`; for `webauthn` the browser's
 * assertion and the challenge auth-service issued for this mfa_token (spent by this attempt).
 */
export interface MfaVerifyRequest extends MfaUserRequest {
  type: MfaChallengeType;
  code?: string;
  response?: WebauthnResponseJson;
  expected_challenge?: string | null;
}

/** By id (gateway) or by email (CLI). */
export type MfaResetRequest = { user_id: string } | { email: string };

export interface MfaResetDone {
  user_id: string;
  email: string;
  factors_removed: number;
}

/** POST /auth/login of a user with a second factor: no token yet. */
export interface MfaRequiredResponse {
  mfa_required: true;
  mfa_token: string;
  methods: MfaChallengeType[];
}

export interface MfaChallengeRequest {
  mfa_token: string;
  type: MfaChallengeType;
  code?: string;
  /** `webauthn`: the browser's AuthenticationResponseJSON. */
  response?: WebauthnResponseJson;
}

/**
 * A browser's RegistrationResponseJSON or AuthenticationResponseJSON (as @simplewebauthn/browser
 * serialises them: base64url strings); the gateway checks its shape, the WebAuthn library the rest.
 */
export interface WebauthnResponseJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: Record<string, unknown>;
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment?: string;
}

/** Creation or request options for navigator.credentials (PublicKeyCredential*OptionsJSON). */
export type WebauthnOptionsJson = Record<string, unknown> & { challenge: string };

/** POST /auth/mfa/webauthn: a passkey registered with the options of registration-options. */
export interface RegisterWebauthnRequest extends MfaUserRequest {
  label: string;
  response: WebauthnResponseJson;
}

/** `recovery_codes` only at the first enrolment of the account (as with a first TOTP factor). */
export interface WebauthnRegistered {
  id: string;
  recovery_codes?: string[];
}

/** POST /auth/mfa/webauthn/authentication-options: the options for the login waiting on this mfa_token. */
export interface WebauthnLoginOptionsRequest {
  mfa_token: string;
}
