import { ServiceError } from '@tr4ction/messaging';

/** The errors the service-account feature answers with; codes map to HTTP problem JSON at the gateway. */
export const ServiceAccountsErrors = {
  unknownScope: () => new ServiceError('VALIDATION_FAILED', 'scopes must be grantable scopes of the scope table'),
  notFound: () => new ServiceError('NOT_FOUND', 'No such service account'),
  conflict: () => new ServiceError('CONFLICT', 'The service account changed meanwhile; reload and retry'),
  revoked: () => new ServiceError('CONFLICT', 'The service account is revoked'),
  secretInStore: () => new ServiceError('CONFLICT', 'The secret of this service account is kept in a secret store and rotated there by the platform'),
  badSecretRef: () => new ServiceError('VALIDATION_FAILED', 'secret_ref must name a writable provider (file, aws-secrets-manager, aws-ssm) and a store name'),
  noStore: () =>
    new ServiceError('CONFLICT', 'This service account has no secret_ref: rotate it with POST /admin/service-accounts/{id}/rotate and hand the secret over'),
  storeRefused: () => new ServiceError('PRECONDITION_FAILED', 'The secret store named by secret_ref could not be written'),
  // One answer for an unknown client, a wrong or expired secret, a revoked or expired account.
  invalidClient: () => new ServiceError('INVALID_CREDENTIALS', 'Invalid client credentials'),
};
