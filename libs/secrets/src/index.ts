export { SECRETS_ERROR_CODES, SecretsError, isSecretsError, type SecretsErrorCode, type SecretsErrorDetails } from './secrets.errors';
export { SECRETS_PROVIDER_NAMES, type RefreshableSecretsProvider, type SecretsProvider, type SecretsProviderName } from './secrets-provider.interface';
export { EnvSecretsProvider } from './env.provider';
export { DEFAULT_SECRETS_FILE_DIR, FileSecretsProvider, type FileSecretsProviderOptions, type SecretFileReader } from './file.provider';
export { AwsSecretsManagerProvider, type AwsSecretsManagerProviderOptions } from './aws-secrets-manager.provider';
export { AwsSsmProvider, type AwsSsmProviderOptions } from './aws-ssm.provider';
export { DEFAULT_AWS_SECRETS_PREFIX } from './aws-client.config';
export { CachedSecrets, type CachedSecretsOptions } from './cached-secrets.provider';
export { createSecretsProvider, secretsOptionsFromEnv, type SecretsOptions, type SecretsProviderClients } from './secrets-provider.factory';
export { KNOWN_DEFAULT_SECRETS, assertStrongSecret, type StrongSecretOptions } from './strong-secret.guard';
export {
  SECRET_CATALOGUE,
  catalogueEntryFor,
  databasePasswordKey,
  keyForStoreName,
  storeNamesFor,
  type CataloguedSecret,
  type StoreNames,
} from './secret-catalogue';
export {
  STAGED_STORE_PROVIDERS,
  UNVERSIONED,
  isStagedStoreProvider,
  type StagedSecretStore,
  type StagedStoreProvider,
  type StagedVersion,
} from './staged-secret-store.interface';
export { FileStagedSecretStore } from './file.staged-store';
export { AWS_STAGES, AwsSecretsManagerStagedStore } from './aws-secrets-manager.staged-store';
export { AwsSsmStagedStore, SSM_LABELS } from './aws-ssm.staged-store';
export { StagedSecretStores, type StagedStoreOptions } from './staged-store.factory';
