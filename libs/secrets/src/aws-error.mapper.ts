/**
 * Turns AWS SDK v3 and network failures into `SecretsError` codes. Matching is by name/code
 * string rather than `instanceof`, because credential, signing and socket errors come from
 * packages other than the service client, and mocks in tests reject with plain named errors.
 */
import { SecretsError } from './secrets.errors';
import { errorCode, errorName, errorReason } from './error-shape.util';

const MISSING = new Set(['ResourceNotFoundException', 'ParameterNotFound', 'ParameterVersionNotFound']);

const DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'NotAuthorized',
  'CredentialsProviderError',
  // The secret exists but KMS will not decrypt it for this identity.
  'DecryptionFailure',
  'InvalidKeyId',
]);

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  'AbortError',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'InternalServiceError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

export function mapAwsError(error: unknown, key: string, provider: string, where: string): SecretsError {
  if (error instanceof SecretsError) return error;
  const identifiers = [errorName(error), errorCode(error)].filter((id): id is string => id !== undefined);
  const reason = errorReason(error);
  if (identifiers.some((id) => MISSING.has(id))) return SecretsError.missing(key, provider, where, reason);
  if (identifiers.some((id) => DENIED.has(id))) return SecretsError.accessDenied(key, provider, where, reason);
  if (identifiers.some((id) => UNREACHABLE.has(id))) return SecretsError.unreachable(key, provider, where, reason);
  // Anything unrecognised still means "no usable value from the provider"; boot code reacts to it
  // the same way as to an outage, and the reason keeps the original name for the operator.
  return SecretsError.unreachable(key, provider, where, reason ?? 'unknown');
}
