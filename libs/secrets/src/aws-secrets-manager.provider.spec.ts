import {
  DecryptionFailure,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSecretsManagerProvider, type AwsSecretsManagerProviderOptions } from './aws-secrets-manager.provider';

// Unmodelled errors (access denied, bad credentials) arrive as the base exception carrying the wire name.
function serviceError(name: string): SecretsManagerServiceException {
  return new SecretsManagerServiceException({ name, message: `${name}: simulated`, $fault: 'client', $metadata: {} });
}

function setup(options: Omit<AwsSecretsManagerProviderOptions, 'client'> = {}) {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const secretsManager = mockClient(client);
  return { sut: new AwsSecretsManagerProvider({ ...options, client }), mocks: { secretsManager } };
}

describe(AwsSecretsManagerProvider.name, () => {
  it('reads SecretString from tr4ction/<key-lowercase-dashed>', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand, { SecretId: 'tr4ction/jwt-secret-key' }).resolves({ SecretString: 'sm-value' });
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('sm-value');
    expect(mocks.secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('asks for the AWSCURRENT stage by name, never whatever a stage-less read returns', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'sm-value' });
    await sut.get('JWT_SECRET_KEY');
    expect(mocks.secretsManager.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({
      SecretId: 'tr4ction/jwt-secret-key',
      VersionStage: 'AWSCURRENT',
    });
  });

  it('honours a custom prefix', async () => {
    const { sut, mocks } = setup({ prefix: 'prod/tr4ction/' });
    mocks.secretsManager.on(GetSecretValueCommand, { SecretId: 'prod/tr4ction/audit-checkpoint-key' }).resolves({ SecretString: 'v' });
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).resolves.toBe('v');
  });

  it('decodes a UTF-8 SecretBinary', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode('binary-value') });
    await expect(sut.get('SIGNING_KEYS_MASTER_KEY')).resolves.toBe('binary-value');
  });

  it('refuses a SecretBinary that is not UTF-8 text', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: Uint8Array.from([0xff, 0xfe, 0x00]) });
    await expect(sut.get('SIGNING_KEYS_MASTER_KEY')).rejects.toMatchObject({ code: 'SECRET_INVALID', key: 'SIGNING_KEYS_MASTER_KEY' });
  });

  it('treats a response without a value as missing', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).resolves({});
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('maps ResourceNotFoundException to SECRET_MISSING and getOptional to undefined', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({
      code: 'SECRET_MISSING',
      key: 'JWT_SECRET_KEY',
      provider: 'aws-secrets-manager',
      message: expect.stringContaining('tr4ction/jwt-secret-key'),
    });
    await expect(sut.getOptional('JWT_SECRET_KEY')).resolves.toBeUndefined();
  });

  it.each(['AccessDeniedException', 'UnrecognizedClientException'])('maps %s to SECRET_ACCESS_DENIED', async (name) => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).rejects(serviceError(name));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: name });
    await expect(sut.getOptional('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('maps a KMS DecryptionFailure to SECRET_ACCESS_DENIED', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).rejects(new DecryptionFailure({ message: 'kms', $metadata: {} }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('maps ECONNREFUSED to SECRET_PROVIDER_UNREACHABLE', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'ECONNREFUSED' });
  });

  it('maps TimeoutError to SECRET_PROVIDER_UNREACHABLE', async () => {
    const { sut, mocks } = setup();
    mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    await expect(sut.getOptional('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'TimeoutError' });
  });
});
