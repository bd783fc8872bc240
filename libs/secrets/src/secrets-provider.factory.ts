import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { SECRETS_PROVIDER_NAMES, type SecretsProvider, type SecretsProviderName } from './secrets-provider.interface';
import { SecretsError } from './secrets.errors';
import { EnvSecretsProvider } from './env.provider';
import { FileSecretsProvider } from './file.provider';
import { AwsSecretsManagerProvider } from './aws-secrets-manager.provider';
import { AwsSsmProvider } from './aws-ssm.provider';

export interface SecretsProviderClients {
  secretsManager?: SecretsManagerClient;
  ssm?: SSMClient;
}

export interface SecretsOptions {
  provider: SecretsProviderName;
  /** Source for the `env` provider; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  fileDir?: string;
  awsPrefix?: string;
  awsRegion?: string;
  /** Prebuilt SDK clients, for tests (aws-sdk-client-mock) or shared client configuration. */
  clients?: SecretsProviderClients;
}

export function createSecretsProvider(options: SecretsOptions): SecretsProvider {
  switch (options.provider) {
    case 'env':
      return new EnvSecretsProvider(options.env ?? process.env);
    case 'file':
      return new FileSecretsProvider({ dir: options.fileDir });
    case 'aws-secrets-manager':
      return new AwsSecretsManagerProvider({ prefix: options.awsPrefix, region: options.awsRegion, client: options.clients?.secretsManager });
    case 'aws-ssm':
      return new AwsSsmProvider({ prefix: options.awsPrefix, region: options.awsRegion, client: options.clients?.ssm });
    default:
      // Reached only when a caller bypasses the type (e.g. an unchecked cast from config).
      throw unknownProvider();
  }
}

/**
 * Reads `SECRETS_PROVIDER` (default `env`), `SECRETS_FILE_DIR`, `SECRETS_AWS_PREFIX` and `AWS_REGION`.
 * Empty values count as unset, matching how compose files leave optional keys blank.
 */
export function secretsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SecretsOptions {
  const provider = nonEmpty(env['SECRETS_PROVIDER'])?.trim() ?? 'env';
  if (!isProviderName(provider)) throw unknownProvider();
  return {
    provider,
    env,
    fileDir: nonEmpty(env['SECRETS_FILE_DIR']),
    awsPrefix: nonEmpty(env['SECRETS_AWS_PREFIX']),
    awsRegion: nonEmpty(env['AWS_REGION']),
  };
}

function isProviderName(value: string): value is SecretsProviderName {
  return (SECRETS_PROVIDER_NAMES as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

// The rejected value is not echoed: a misplaced paste into SECRETS_PROVIDER could be a secret.
function unknownProvider(): SecretsError {
  return SecretsError.invalid('SECRETS_PROVIDER', 'config', `must be one of ${SECRETS_PROVIDER_NAMES.join(', ')}`);
}
