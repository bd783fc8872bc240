import { ServiceError } from '@tr4ction/messaging';

/** The errors the service-account feature answers with; codes map to HTTP problem JSON at the gateway. */
export const ServiceAccountsErrors = {
  unknownScope: () => new ServiceError('VALIDATION_FAILED', 'scopes must be grantable scopes of the scope table'),
  notFound: () => new ServiceError('NOT_FOUND', 'No such service account'),
  revoked: () => new ServiceError('CONFLICT', 'The service account is revoked'),
  // One answer for an unknown client, a wrong or expired secret, a revoked or expired account.
  invalidClient: () => new ServiceError('INVALID_CREDENTIALS', 'Invalid client credentials'),
};
