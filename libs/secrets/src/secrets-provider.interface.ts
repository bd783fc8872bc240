export const SECRETS_PROVIDER_NAMES = ['env', 'file', 'aws-secrets-manager', 'aws-ssm'] as const;

export type SecretsProviderName = (typeof SECRETS_PROVIDER_NAMES)[number];

export interface SecretsProvider {
  readonly name: string;
  /** Resolves the value or rejects with a `SecretsError`; an absent secret is `SECRET_MISSING`. */
  get(key: string): Promise<string>;
  /** Resolves `undefined` only when the secret is absent; denied or unreachable still reject. */
  getOptional(key: string): Promise<string | undefined>;
}

/** A provider that holds values and can be told to re-read them after a rotation. */
export interface RefreshableSecretsProvider extends SecretsProvider {
  /** Forgets one cached value, or all of them; the next read goes to the source. */
  invalidate(key?: string): void;
  /** Re-reads one key, or every key currently held, from the source now. */
  refresh(key?: string): Promise<void>;
}
