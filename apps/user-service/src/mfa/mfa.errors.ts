import { ServiceError } from '@tr4ction/messaging';

/** The errors of the mfa feature; codes map to HTTP problem JSON at the gateway. */
export const MfaErrors = {
  factorNotFound: () => new ServiceError('NOT_FOUND', 'No such second factor'),
  pendingNotFound: () => new ServiceError('NOT_FOUND', 'No pending enrolment with this id; start again'),
  wrongConfirmationCode: () => new ServiceError('VALIDATION_FAILED', 'The code does not match; check the device clock and enter the current code'),
  noFactor: () => new ServiceError('CONFLICT', 'Recovery codes need a confirmed second factor'),
  /** The second step of a login: the same answer as a wrong password, whatever went wrong. */
  invalidCredentials: () => new ServiceError('INVALID_CREDENTIALS', 'Invalid credentials'),
  noRegistration: () => new ServiceError('VALIDATION_FAILED', 'No passkey registration in progress (or it expired); ask for new registration options'),
  badPasskeyResponse: () => new ServiceError('VALIDATION_FAILED', 'The passkey response could not be verified for this registration'),
  badLabel: () => new ServiceError('VALIDATION_FAILED', 'label must be 1 to 64 printable characters'),
};
