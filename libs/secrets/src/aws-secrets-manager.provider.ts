/**
 * AWS Secrets Manager: `JWT_SECRET_KEY` is read from the secret `<prefix>jwt-secret-key`
 * (default prefix `tr4ction/`), the naming the operations runbook uses.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError, missingAsUndefined } from './secrets.errors';
import { assertValidKey, toDashedName } from './secret-key.util';
import { mapAwsError } from './aws-error.mapper';
import { AWS_STAGES } from './aws-secrets-manager.staged-store';
import { AWS_MAX_ATTEMPTS, AWS_REQUEST_HANDLER_OPTIONS, DEFAULT_AWS_SECRETS_PREFIX } from './aws-client.config';

export interface AwsSecretsManagerProviderOptions {
  prefix?: string;
  region?: string;
  client?: SecretsManagerClient;
}

export class AwsSecretsManagerProvider implements SecretsProvider {
  readonly name = 'aws-secrets-manager';
  readonly prefix: string;
  private readonly client: SecretsManagerClient;

  constructor(options: AwsSecretsManagerProviderOptions = {}) {
    this.prefix = options.prefix ?? DEFAULT_AWS_SECRETS_PREFIX;
    this.client =
      options.client ?? new SecretsManagerClient({ region: options.region, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: AWS_REQUEST_HANDLER_OPTIONS });
  }

  secretIdFor(key: string): string {
    return `${this.prefix}${toDashedName(key)}`;
  }

  async get(key: string): Promise<string> {
    assertValidKey(key, this.name);
    const where = this.where(key);
    // AWSCURRENT by name, though AWS returns it when no stage is given: an emulator may not (moto 5.2
    // keeps answering a stage-less read with the version the secret was created with after a
    // rotation moved AWSCURRENT), and a reader must never get AWSPREVIOUS or AWSPENDING.
    const request = { SecretId: this.secretIdFor(key), VersionStage: AWS_STAGES.current };
    const output = await this.client.send(new GetSecretValueCommand(request)).catch((error: unknown) => {
      throw mapAwsError(error, key, this.name, where);
    });
    if (output.SecretString !== undefined && output.SecretString !== '') return output.SecretString;
    if (output.SecretBinary !== undefined && output.SecretBinary.byteLength > 0) return this.decodeBinary(key, output.SecretBinary, where);
    throw SecretsError.missing(key, this.name, where, 'empty');
  }

  getOptional(key: string): Promise<string | undefined> {
    return missingAsUndefined(this.get(key));
  }

  private decodeBinary(key: string, bytes: Uint8Array, where: string): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Returning mangled text would hand callers a different key than the one stored.
      throw SecretsError.invalid(key, this.name, `is a binary secret that is not UTF-8 text; store it base64-encoded as a SecretString (${where})`);
    }
  }

  private where(key: string): string {
    return `secret id ${this.secretIdFor(key)}`;
  }
}
