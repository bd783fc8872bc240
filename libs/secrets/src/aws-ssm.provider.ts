/**
 * AWS Systems Manager Parameter Store: `JWT_SECRET_KEY` is read from the SecureString parameter
 * `/<prefix>jwt-secret-key` (default `/tr4ction/jwt-secret-key`), decrypted with KMS.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError, missingAsUndefined } from './secrets.errors';
import { assertValidKey, toDashedName } from './secret-key.util';
import { mapAwsError } from './aws-error.mapper';
import { SSM_LABELS } from './aws-ssm.staged-store';
import { AWS_MAX_ATTEMPTS, AWS_REQUEST_HANDLER_OPTIONS, DEFAULT_AWS_SECRETS_PREFIX } from './aws-client.config';

export interface AwsSsmProviderOptions {
  prefix?: string;
  region?: string;
  client?: SSMClient;
}

export class AwsSsmProvider implements SecretsProvider {
  readonly name = 'aws-ssm';
  readonly prefix: string;
  private readonly client: SSMClient;

  constructor(options: AwsSsmProviderOptions = {}) {
    // Operators write the prefix both ways (`tr4ction/` and `/tr4ction/`); both mean the same path.
    this.prefix = (options.prefix ?? DEFAULT_AWS_SECRETS_PREFIX).replace(/^\/+/, '');
    this.client = options.client ?? new SSMClient({ region: options.region, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: AWS_REQUEST_HANDLER_OPTIONS });
  }

  parameterNameFor(key: string): string {
    return `/${this.prefix}${toDashedName(key)}`;
  }

  async get(key: string): Promise<string> {
    assertValidKey(key, this.name);
    const where = this.where(key);
    // A parameter a rotation went through has a `current` label (the latest version may still be
    // pending); one written by hand has no labels and its latest version is the value.
    const read = async (name: string) => {
      try {
        return await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      } catch (error: unknown) {
        throw mapAwsError(error, key, this.name, where);
      }
    };
    let output;
    try {
      output = await read(`${this.parameterNameFor(key)}:${SSM_LABELS.current}`);
    } catch (error: unknown) {
      if (!(error instanceof SecretsError && error.code === 'SECRET_MISSING')) throw error;
      output = await read(this.parameterNameFor(key));
    }
    const value = output.Parameter?.Value;
    if (value === undefined || value === '') throw SecretsError.missing(key, this.name, where, 'empty');
    return value;
  }

  getOptional(key: string): Promise<string | undefined> {
    return missingAsUndefined(this.get(key));
  }

  private where(key: string): string {
    return `parameter ${this.parameterNameFor(key)}`;
  }
}
