import { SecretsError } from './secrets.errors';

// Keys become file names and AWS resource names, so anything that could walk a path
// (`/`, `..`) or smuggle a separator is refused before it reaches a provider.
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/**
 * Throws for a malformed key without echoing it: a caller that mixes up arguments could pass
 * a secret value where a key belongs.
 */
export function assertValidKey(key: string, provider: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new SecretsError({
      code: 'SECRET_INVALID',
      key: '<invalid key>',
      provider,
      message: `a secret key name given to ${provider} is invalid (expected letters, digits, '_' or '-', starting with a letter, at most 128 characters)`,
    });
  }
}

/** `JWT_SECRET_KEY` -> `jwt-secret-key`, the naming used by files and AWS resources. */
export function toDashedName(key: string): string {
  return key.toLowerCase().replace(/_/g, '-');
}
