import { SecretsError } from './secrets.errors';

// The characters AWS allows in secret names and parameter paths; `..` is refused as well, because
// a name from an account record must not reach outside the platform's prefix by a relative step.
const AWS_NAME = /^\/?[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*$/;

/** Throws for a malformed store name without echoing it (a mixed-up argument could be a value). */
export function assertValidAwsName(name: string, provider: string): void {
  if (typeof name !== 'string' || name.length > 512 || !AWS_NAME.test(name) || name.split('/').includes('..')) {
    throw new SecretsError({
      code: 'SECRET_INVALID',
      key: '<invalid name>',
      provider,
      message: `a secret name given to ${provider} is invalid (letters, digits, '/_+=.@-', at most 512 characters)`,
    });
  }
}
