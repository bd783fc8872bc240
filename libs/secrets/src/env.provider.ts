import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError, missingAsUndefined } from './secrets.errors';
import { assertValidKey } from './secret-key.util';

export class EnvSecretsProvider implements SecretsProvider {
  readonly name = 'env';

  // The object is read on every call rather than copied, so loaders that fill it later are seen.
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(key: string): Promise<string> {
    assertValidKey(key, this.name);
    const value = this.env[key];
    // Compose files commonly declare `KEY=` to mean "not set"; an empty secret is never usable.
    if (value === undefined || value === '') throw SecretsError.missing(key, this.name, `environment variable ${key}`);
    return value;
  }

  getOptional(key: string): Promise<string | undefined> {
    return missingAsUndefined(this.get(key));
  }
}
