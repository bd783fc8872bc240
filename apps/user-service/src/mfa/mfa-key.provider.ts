/**
 * MFA_ENCRYPTION_KEY, read through the secrets provider (SECRETS_PROVIDER) and held for a short
 * TTL: the AES-256-GCM key of TOTP secrets at rest and the HMAC key of recovery-code hashes (a
 * stolen table alone then reveals neither). Production refuses to start without a strong one;
 * elsewhere a missing key makes MFA answer 503 while everything else works.
 */
import { Injectable } from '@nestjs/common';
import { ServiceError } from '@tr4ction/messaging';
import { assertStrongSecret, CachedSecrets, createSecretsProvider, SecretsError, secretsOptionsFromEnv, type SecretsProvider } from '@tr4ction/secrets';
import { deriveMasterKey } from '@tr4ction/tokens';

export const MFA_ENCRYPTION_KEY = 'MFA_ENCRYPTION_KEY';
const MIN_SECRET_BYTES = 32;

@Injectable()
export class MfaKeyProvider {
  private readonly cache: CachedSecrets;

  constructor(provider: SecretsProvider = createSecretsProvider(secretsOptionsFromEnv(process.env))) {
    this.cache = new CachedSecrets(provider, { ttlMs: 300_000 });
  }

  async key(): Promise<Buffer> {
    const value = await this.cache.getOptional(MFA_ENCRYPTION_KEY);
    if (value === undefined) throw new ServiceError('SERVICE_UNAVAILABLE', 'Multi-factor authentication is not configured (MFA_ENCRYPTION_KEY)');
    assertStrongSecret(MFA_ENCRYPTION_KEY, value, { minBytes: MIN_SECRET_BYTES });
    return deriveMasterKey(value);
  }
}

/** Boot check: production stops before it listens when the key is missing, short or a known default (naming the variable only). */
export async function assertMfaKeyInProduction(environment: string, provider?: SecretsProvider): Promise<void> {
  if (environment !== 'production') return;
  const keys = new MfaKeyProvider(provider);
  try {
    await keys.key();
  } catch (err) {
    if (err instanceof ServiceError) throw SecretsError.missing(MFA_ENCRYPTION_KEY, 'secrets provider', 'required in production');
    throw err;
  }
}
