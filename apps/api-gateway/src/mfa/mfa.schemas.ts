/** Request schemas of the /auth/mfa routes (validation + OpenAPI). */
import { MFA_CHALLENGE_TYPES, MFA_CODE_MAX_LENGTH, type MfaChallengeType, type WebauthnResponseJson } from '@tr4ction/contracts';
import { GatewayError } from '../http/problem';
import { passwordSchema } from '../http/schemas';

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
const codeSchema = { type: 'string', minLength: 1, maxLength: MFA_CODE_MAX_LENGTH, pattern: '^[A-Za-z0-9 -]*$' } as const;

export const startTotpBodySchema = {
  type: 'object',
  required: ['current_password'],
  additionalProperties: false,
  properties: { current_password: passwordSchema, label: { type: 'string', minLength: 1, maxLength: 64, pattern: PRINTABLE } },
} as const;

export const confirmTotpBodySchema = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', pattern: '^[0-9]{6}$', description: 'The current 6-digit code of the authenticator app' } },
} as const;

const mfaTokenSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' } as const;
const base64url = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]*={0,2}$' }) as const;

/**
 * A browser's PublicKeyCredential as JSON (@simplewebauthn/browser's RegistrationResponseJSON or
 * AuthenticationResponseJSON): the shape and sizes are checked here, the content by the WebAuthn library.
 */
export const webauthnResponseSchema = {
  type: 'object',
  required: ['id', 'rawId', 'type', 'response'],
  additionalProperties: false,
  properties: {
    id: base64url(1024),
    rawId: base64url(1024),
    type: { type: 'string', enum: ['public-key'] },
    authenticatorAttachment: { type: 'string', enum: ['platform', 'cross-platform'] },
    // Not used by the verification: accepted and emptied.
    clientExtensionResults: { type: 'object' },
    response: {
      type: 'object',
      required: ['clientDataJSON'],
      additionalProperties: false,
      properties: {
        clientDataJSON: base64url(4096),
        // Registration
        attestationObject: base64url(16384),
        authenticatorData: base64url(8192),
        transports: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 32, pattern: '^[a-z-]+$' } },
        publicKeyAlgorithm: { type: 'integer' },
        publicKey: base64url(4096),
        // Authentication
        signature: base64url(2048),
        userHandle: base64url(256),
      },
    },
  },
} as const;

export const mfaChallengeBodySchema = {
  type: 'object',
  required: ['mfa_token', 'type'],
  additionalProperties: false,
  properties: {
    mfa_token: mfaTokenSchema,
    type: { type: 'string', enum: [...MFA_CHALLENGE_TYPES] },
    code: { ...codeSchema, description: 'totp and recovery_code: the code' },
    response: {
      ...webauthnResponseSchema,
      description: 'webauthn: the AuthenticationResponseJSON of navigator.credentials.get with the options of /auth/mfa/webauthn/authentication-options',
    },
  },
} as const;

/**
 * What the schema cannot say (Ajv's removeAdditional would strip inside an if/then): the fields
 * each type needs. A passkey assertion needs its signature; a code type its code.
 */
export function assertChallengeFields(body: MfaChallengeBody): void {
  if (body.type === 'webauthn') {
    const r = body.response?.response as { authenticatorData?: unknown; signature?: unknown } | undefined;
    if (!r || typeof r.authenticatorData !== 'string' || typeof r.signature !== 'string')
      throw new GatewayError('VALIDATION_FAILED', 'response (an assertion with authenticatorData and signature) is required for type webauthn');
  } else if (typeof body.code !== 'string') throw new GatewayError('VALIDATION_FAILED', `code is required for type ${body.type}`);
}

export const webauthnOptionsBodySchema = {
  type: 'object',
  required: ['mfa_token'],
  additionalProperties: false,
  properties: { mfa_token: mfaTokenSchema },
} as const;

export const registerWebauthnBodySchema = {
  type: 'object',
  required: ['label', 'response'],
  additionalProperties: false,
  properties: {
    label: { type: 'string', minLength: 1, maxLength: 64, pattern: PRINTABLE, description: 'A name for the passkey (e.g. "laptop")' },
    response: {
      ...webauthnResponseSchema,
      properties: {
        ...webauthnResponseSchema.properties,
        response: { ...webauthnResponseSchema.properties.response, required: ['clientDataJSON', 'attestationObject'] },
      },
      description: 'The RegistrationResponseJSON of navigator.credentials.create with the options of /auth/mfa/webauthn/registration-options',
    },
  },
} as const;

export interface StartTotpBody {
  current_password: string;
  label?: string;
}
export interface ConfirmTotpBody {
  code: string;
}
export interface MfaChallengeBody {
  mfa_token: string;
  type: MfaChallengeType;
  code?: string;
  response?: WebauthnResponseJson;
}
export interface WebauthnOptionsBody {
  mfa_token: string;
}
export interface RegisterWebauthnBody {
  label: string;
  response: WebauthnResponseJson;
}
