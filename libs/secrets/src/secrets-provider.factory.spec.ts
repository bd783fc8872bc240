import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AwsSecretsManagerProvider } from './aws-secrets-manager.provider';
import { AwsSsmProvider } from './aws-ssm.provider';
import { EnvSecretsProvider } from './env.provider';
import { FileSecretsProvider } from './file.provider';
import { type SecretsOptions, createSecretsProvider, secretsOptionsFromEnv } from './secrets-provider.factory';

describe(createSecretsProvider.name, () => {
  it('builds the env provider over the given env object', async () => {
    const sut = createSecretsProvider({ provider: 'env', env: { JWT_SECRET_KEY: 'x' } });
    expect(sut).toBeInstanceOf(EnvSecretsProvider);
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('x');
  });

  it('builds the file provider with the configured directory', () => {
    const sut = createSecretsProvider({ provider: 'file', fileDir: '/srv/secrets' });
    expect(sut).toBeInstanceOf(FileSecretsProvider);
    expect((sut as FileSecretsProvider).dir).toBe('/srv/secrets');
  });

  it('builds the AWS providers with prefix and injected clients', () => {
    const clients = { secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }), ssm: new SSMClient({ region: 'eu-west-1' }) };
    const sm = createSecretsProvider({ provider: 'aws-secrets-manager', awsPrefix: 'p/', clients });
    const ssm = createSecretsProvider({ provider: 'aws-ssm', clients });
    expect(sm).toBeInstanceOf(AwsSecretsManagerProvider);
    expect((sm as AwsSecretsManagerProvider).secretIdFor('JWT_SECRET_KEY')).toBe('p/jwt-secret-key');
    expect(ssm).toBeInstanceOf(AwsSsmProvider);
    expect((ssm as AwsSsmProvider).parameterNameFor('JWT_SECRET_KEY')).toBe('/tr4ction/jwt-secret-key');
  });

  it('builds its own AWS clients when none are injected', () => {
    expect(createSecretsProvider({ provider: 'aws-ssm', awsRegion: 'eu-west-1' })).toBeInstanceOf(AwsSsmProvider);
    expect(createSecretsProvider({ provider: 'aws-secrets-manager' })).toBeInstanceOf(AwsSecretsManagerProvider);
  });

  it('refuses an unknown provider name that slipped past the type', () => {
    const options = { provider: 'vault' } as unknown as SecretsOptions;
    expect(() => createSecretsProvider(options)).toThrow(expect.objectContaining({ code: 'SECRET_INVALID', key: 'SECRETS_PROVIDER' }));
  });
});

describe(secretsOptionsFromEnv.name, () => {
  it('defaults to the env provider', () => {
    const env = {};
    expect(secretsOptionsFromEnv(env)).toEqual({ provider: 'env', env, fileDir: undefined, awsPrefix: undefined, awsRegion: undefined });
  });

  it('reads every setting', () => {
    const env = { SECRETS_PROVIDER: 'aws-ssm', SECRETS_FILE_DIR: '/srv/s', SECRETS_AWS_PREFIX: 'prod/', AWS_REGION: 'eu-central-1' };
    expect(secretsOptionsFromEnv(env)).toMatchObject({ provider: 'aws-ssm', fileDir: '/srv/s', awsPrefix: 'prod/', awsRegion: 'eu-central-1' });
  });

  it('treats blank values as unset', () => {
    expect(secretsOptionsFromEnv({ SECRETS_PROVIDER: ' ', SECRETS_FILE_DIR: '' })).toMatchObject({ provider: 'env', fileDir: undefined });
  });

  it('rejects an unknown SECRETS_PROVIDER without echoing it', () => {
    expect(() => secretsOptionsFromEnv({ SECRETS_PROVIDER: 'vault-xyz' })).toThrow(
      expect.objectContaining({ code: 'SECRET_INVALID', message: expect.not.stringContaining('vault-xyz') }),
    );
  });
});
