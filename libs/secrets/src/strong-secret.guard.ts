/**
 * Boot-time check for production: refuses secrets that are too short or that appear in public
 * text (the operations runbook's example, framework placeholders). The value is never echoed.
 */
import { SecretsError } from './secrets.errors';

export const KNOWN_DEFAULT_SECRETS: readonly string[] = [
  // The example output printed in the operations runbook; copied into real .env files more than once.
  'a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2',
  'secret',
  'changeme',
  'change-me',
  'dev-secret',
  'your-secret-key',
  'your_secret_key',
  'your-secret-key-change-in-production',
  'supersecret',
  'password',
  'jwt-secret',
  'jwt_secret_key',
];

export interface StrongSecretOptions {
  minBytes: number;
  /** Added to `KNOWN_DEFAULT_SECRETS`, which always apply. */
  knownDefaults?: readonly string[];
}

export function assertStrongSecret(key: string, value: string, opts: StrongSecretOptions): void {
  // Case and surrounding blanks do not make a published value any less public.
  const normalised = value.trim().toLowerCase();
  const defaults = [...KNOWN_DEFAULT_SECRETS, ...(opts.knownDefaults ?? [])];
  if (defaults.some((d) => d.trim().toLowerCase() === normalised)) {
    throw SecretsError.invalid(key, 'guard', 'is a known default value');
  }
  if (Buffer.byteLength(value, 'utf8') < opts.minBytes) {
    throw SecretsError.invalid(key, 'guard', `is shorter than ${opts.minBytes} bytes`);
  }
}
