/** Request schemas of the /auth/mfa routes (validation + OpenAPI). */
import { MFA_CHALLENGE_TYPES, MFA_CODE_MAX_LENGTH, type MfaChallengeType } from '@tr4ction/contracts';
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

export const mfaChallengeBodySchema = {
  type: 'object',
  required: ['mfa_token', 'type', 'code'],
  additionalProperties: false,
  properties: {
    mfa_token: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    type: { type: 'string', enum: [...MFA_CHALLENGE_TYPES] },
    code: codeSchema,
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
  code: string;
}
