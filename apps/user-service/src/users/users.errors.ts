import { ServiceError } from '@tr4ction/messaging';
import { MAX_PASSWORD_BYTES, type Violation } from '@tr4ction/security';

/** The errors user-service answers with; codes map to HTTP problem JSON at the gateway. */
export const UsersErrors = {
  emailTaken: () => new ServiceError('EMAIL_TAKEN', 'An account with this email already exists'),
  policy: (violations: Violation[]) =>
    new ServiceError('PASSWORD_POLICY', 'The password does not meet the password policy', {
      violations: violations.map((v) => ({ rule: v.rule, message: v.message })),
    }),
  tooLong: () =>
    new ServiceError('PASSWORD_POLICY', 'The password does not meet the password policy', {
      violations: [{ rule: 'too_long', message: `Must be at most ${MAX_PASSWORD_BYTES} bytes when encoded as UTF-8.` }],
    }),
  invalidCredentials: () => new ServiceError('INVALID_CREDENTIALS', 'Invalid email or password'),
  wrongCurrentPassword: () => new ServiceError('INVALID_CREDENTIALS', 'The current password is wrong'),
  notFound: () => new ServiceError('NOT_FOUND', 'No such user'),
  overloaded: () => new ServiceError('SERVICE_UNAVAILABLE', 'Too many password operations at once; retry shortly', { retry_after_seconds: 1 }),
  validation: (message: string) => new ServiceError('VALIDATION_FAILED', message),
  conflict: () => new ServiceError('CONFLICT', 'The account changed meanwhile; reload and retry'),
  lastAdmin: () => new ServiceError('CONFLICT', 'At least one admin account must remain'),
};
