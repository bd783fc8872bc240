/**
 * Multi-factor authentication: the shapes user-service (owner of factors and recovery codes),
 * auth-service (the login decision and the challenge) and the gateway exchange. Secrets travel
 * only in the replies that must show them once (the TOTP secret at enrolment, recovery codes).
 */
import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable } from './catalogue/rpc-entry';

/** A registered second factor. */
export const MFA_FACTOR_TYPES = ['totp', 'webauthn'] as const;
export type MfaFactorType = (typeof MFA_FACTOR_TYPES)[number];

/** What may finish a login after the password: a factor, or one of the recovery codes. */
export const MFA_CHALLENGE_TYPES = ['totp', 'webauthn', 'recovery_code'] as const;
export type MfaChallengeType = (typeof MFA_CHALLENGE_TYPES)[number];

/** A code of the authenticator app (6 digits) or a recovery code (letters, digits, a dash); bounded before it reaches a service. */
export const MFA_CODE_MAX_LENGTH = 32;

/**
 * A browser's RegistrationResponseJSON or AuthenticationResponseJSON (as @simplewebauthn/browser
 * serialises them: base64url strings); the gateway checks its shape, the WebAuthn library the rest.
 */
export const WebauthnResponseJsonSchema = Type.Object({
  id: Type.String(),
  rawId: Type.String(),
  type: Type.Literal('public-key'),
  response: Type.Record(Type.String(), Type.Unknown()),
  clientExtensionResults: Type.Record(Type.String(), Type.Unknown()),
  authenticatorAttachment: Type.Optional(Type.String()),
});
export type WebauthnResponseJson = Static<typeof WebauthnResponseJsonSchema>;

const ChallengeType = literals(MFA_CHALLENGE_TYPES);

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

export const MfaUserRequestSchema = Type.Object({ user_id: Type.String() });
export type MfaUserRequest = Static<typeof MfaUserRequestSchema>;

export const StartTotpRequestSchema = Type.Object({ user_id: Type.String(), current_password: Type.String(), label: Type.Optional(Type.String()) });
export type StartTotpRequest = Static<typeof StartTotpRequestSchema>;

/** POST /auth/mfa/totp: pending until confirmed with a first code. */
export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauth_uri: string;
}

export const ConfirmTotpRequestSchema = Type.Object({ user_id: Type.String(), factor_id: Type.String(), code: Type.String() });
export type ConfirmTotpRequest = Static<typeof ConfirmTotpRequestSchema>;

/** Present only at the first enrolment of the account. */
export interface MfaConfirmed {
  recovery_codes?: string[];
}

export const RemoveFactorRequestSchema = Type.Object({ user_id: Type.String(), factor_id: Type.String() });
export type RemoveFactorRequest = Static<typeof RemoveFactorRequestSchema>;

export interface RecoveryCodes {
  recovery_codes: string[];
}

/**
 * The second step of a login (rpc.user.mfa.verify): the user comes from auth-service's mfa_token,
 * never from the caller. A code for `totp` and `recovery_code`; for `webauthn` the browser's
 * assertion and the challenge auth-service issued for this mfa_token (spent by this attempt).
 */
export const MfaVerifyRequestSchema = Type.Object({
  user_id: Type.String(),
  type: ChallengeType,
  code: Type.Optional(Type.String()),
  response: Type.Optional(WebauthnResponseJsonSchema),
  expected_challenge: Type.Optional(Nullable(Type.String())),
});
export type MfaVerifyRequest = Static<typeof MfaVerifyRequestSchema>;

/** By id (gateway) or by email (CLI). */
export const MfaResetRequestSchema = Type.Union([Type.Object({ user_id: Type.String() }), Type.Object({ email: Type.String() })]);
export type MfaResetRequest = Static<typeof MfaResetRequestSchema>;

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

export const MfaChallengeRequestSchema = Type.Object({
  mfa_token: Type.String(),
  type: ChallengeType,
  code: Type.Optional(Type.String()),
  /** `webauthn`: the browser's AuthenticationResponseJSON. */
  response: Type.Optional(WebauthnResponseJsonSchema),
});
export type MfaChallengeRequest = Static<typeof MfaChallengeRequestSchema>;

/** Creation or request options for navigator.credentials (PublicKeyCredential*OptionsJSON). */
export type WebauthnOptionsJson = Record<string, unknown> & { challenge: string };

/** POST /auth/mfa/webauthn: a passkey registered with the options of registration-options. */
export const RegisterWebauthnRequestSchema = Type.Object({ user_id: Type.String(), label: Type.String(), response: WebauthnResponseJsonSchema });
export type RegisterWebauthnRequest = Static<typeof RegisterWebauthnRequestSchema>;

/** `recovery_codes` only at the first enrolment of the account (as with a first TOTP factor). */
export interface WebauthnRegistered {
  id: string;
  recovery_codes?: string[];
}

/** POST /auth/mfa/webauthn/authentication-options: the options for the login waiting on this mfa_token. */
export const WebauthnLoginOptionsRequestSchema = Type.Object({ mfa_token: Type.String() });
export type WebauthnLoginOptionsRequest = Static<typeof WebauthnLoginOptionsRequestSchema>;
