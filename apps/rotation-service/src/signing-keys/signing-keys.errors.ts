import { ServiceError } from '@tr4ction/messaging';

/** The errors the signing-key feature answers with; codes map to HTTP problem JSON at the gateway. */
export const SigningKeysErrors = {
  notFound: () => new ServiceError('NOT_FOUND', 'No such signing key'),
  noActiveKey: () => new ServiceError('SERVICE_UNAVAILABLE', 'No active signing key yet; retry shortly', { retry_after_seconds: 1 }),
  conflict: () => new ServiceError('CONFLICT', 'The signing key changed meanwhile; reload and retry'),
  hmacMode: () => new ServiceError('CONFLICT', 'JWT_ALGORITHM=HS256 signs with JWT_SECRET_KEY; there are no signing keys to revoke'),
};
