/**
 * Multi-factor authentication: the shapes user-service (owner of factors and recovery codes),
 * auth-service (the login decision and the challenge) and the gateway exchange. Secrets travel
 * only in the replies that must show them once (the TOTP secret at enrolment, recovery codes).
 */

/** A registered second factor. */
export const MFA_FACTOR_TYPES = ['totp'] as const;
export type MfaFactorType = (typeof MFA_FACTOR_TYPES)[number];

/** What may finish a login after the password: a factor, or one of the recovery codes. */
export const MFA_CHALLENGE_TYPES = ['totp', 'recovery_code'] as const;
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

/** The second step of a login (rpc.user.mfa.verify): the user comes from auth-service's mfa_token, never from the caller. */
export interface MfaVerifyRequest extends MfaUserRequest {
  type: MfaChallengeType;
  code: string;
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
  code: string;
}
