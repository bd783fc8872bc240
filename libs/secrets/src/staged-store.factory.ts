import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { AwsSecretsManagerStagedStore } from './aws-secrets-manager.staged-store';
import { AwsSsmStagedStore } from './aws-ssm.staged-store';
import { FileStagedSecretStore } from './file.staged-store';
import { storeNamesFor } from './secret-catalogue';
import { secretsOptionsFromEnv } from './secrets-provider.factory';
import type { StagedSecretStore, StagedStoreProvider } from './staged-secret-store.interface';

export interface StagedStoreOptions {
  fileDir?: string;
  awsPrefix?: string;
  awsRegion?: string;
  clients?: { secretsManager?: SecretsManagerClient; ssm?: SSMClient };
}

/**
 * The writable stores by provider name, built on first use: an account whose secret lives in SSM
 * must not make a deployment without AWS credentials fail at boot.
 */
export class StagedSecretStores {
  private readonly built = new Map<StagedStoreProvider, StagedSecretStore>();

  constructor(private readonly options: StagedStoreOptions = {}) {}

  /** Reads `SECRETS_FILE_DIR` and `AWS_REGION`, as the read-only providers do. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): StagedSecretStores {
    const options = secretsOptionsFromEnv({ ...env, SECRETS_PROVIDER: 'env' });
    return new StagedSecretStores({ fileDir: options.fileDir, awsPrefix: options.awsPrefix, awsRegion: options.awsRegion });
  }

  get(provider: StagedStoreProvider): StagedSecretStore {
    let store = this.built.get(provider);
    if (!store) {
      store = this.build(provider);
      this.built.set(provider, store);
    }
    return store;
  }

  /**
   * The name under which the read-only provider of the same kind looks for `key`, so a rotation
   * writes where services read: AWS names follow the catalogue; the file provider prefers the
   * exact key as file name when that file exists, else the dashed name.
   */
  async nameOf(provider: StagedStoreProvider, key: string): Promise<string> {
    const names = storeNamesFor(key, this.options.awsPrefix);
    if (provider === 'aws-secrets-manager') return names.awsSecretsManager;
    if (provider === 'aws-ssm') return names.awsSsm;
    return (await this.get('file').current(key)) !== undefined ? key : names.file;
  }

  private build(provider: StagedStoreProvider): StagedSecretStore {
    switch (provider) {
      case 'file':
        return new FileStagedSecretStore(this.options.fileDir);
      case 'aws-secrets-manager':
        return new AwsSecretsManagerStagedStore({ client: this.options.clients?.secretsManager, region: this.options.awsRegion });
      case 'aws-ssm':
        return new AwsSsmStagedStore({ client: this.options.clients?.ssm, region: this.options.awsRegion });
    }
  }
}
