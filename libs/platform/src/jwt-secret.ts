/**
 * The runbook's JWT_SECRET_KEY, read through the configured secrets provider (never from code).
 * In production a missing, short or known-default secret stops the process before it listens,
 * naming the variable and never its value.
 */
import { assertStrongSecret, createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { JWT_SECRET_KEY } from './signing-secrets';

export async function loadJwtSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const provider = createSecretsProvider(secretsOptionsFromEnv(env));
  const secret = await provider.get(JWT_SECRET_KEY);
  assertStrongSecret(JWT_SECRET_KEY, secret, { minBytes: 32 });
  return secret;
}

/**
 * The tokens' `iss`: ISSUER_URL without a trailing slash (RFC 8414 issuer identifiers have none), so
 * the signer, every verifier and the discovery document agree on one string.
 */
export function tokenIssuer(config: { ISSUER_URL: string }): string {
  return config.ISSUER_URL.replace(/\/+$/, '');
}
export const TOKEN_AUDIENCE = 'tr4ction-api';
