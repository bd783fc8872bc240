import { AccessDeniedException, GetParameterCommand, ParameterNotFound, ParameterVersionNotFound, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSsmProvider, type AwsSsmProviderOptions } from './aws-ssm.provider';

function serviceError(name: string): SSMServiceException {
  return new SSMServiceException({ name, message: `${name}: simulated`, $fault: 'client', $metadata: {} });
}

function setup(options: Omit<AwsSsmProviderOptions, 'client'> = {}) {
  const client = new SSMClient({ region: 'eu-west-1' });
  const ssm = mockClient(client);
  // A parameter no rotation went through has no `current` label: the provider falls back to the latest version.
  ssm.on(GetParameterCommand).rejects(new ParameterVersionNotFound({ message: 'no such label', $metadata: {} }));
  return { sut: new AwsSsmProvider({ ...options, client }), mocks: { ssm } };
}

describe(AwsSsmProvider.name, () => {
  it('reads /tr4ction/<key-lowercase-dashed> with decryption', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand, { Name: '/tr4ction/jwt-secret-key' }).resolves({ Parameter: { Value: 'ssm-value' } });
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('ssm-value');
    expect(mocks.ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: '/tr4ction/jwt-secret-key:current', WithDecryption: true },
      { Name: '/tr4ction/jwt-secret-key', WithDecryption: true },
    ]);
  });

  it('reads the version labelled current once a rotation has labelled one', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand, { Name: '/tr4ction/jwt-secret-key:current' }).resolves({ Parameter: { Value: 'current-value' } });
    mocks.ssm.on(GetParameterCommand, { Name: '/tr4ction/jwt-secret-key' }).resolves({ Parameter: { Value: 'pending-value' } });
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('current-value');
  });

  it.each(['prod/', '/prod/'])('uses prefix %s as /prod/<name>', async (prefix) => {
    const { sut, mocks } = setup({ prefix });
    mocks.ssm.on(GetParameterCommand, { Name: '/prod/signing-keys-master-key' }).resolves({ Parameter: { Value: 'v' } });
    await expect(sut.get('SIGNING_KEYS_MASTER_KEY')).resolves.toBe('v');
  });

  it('maps ParameterNotFound to SECRET_MISSING and getOptional to undefined', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'nope', $metadata: {} }));
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).rejects.toMatchObject({
      code: 'SECRET_MISSING',
      key: 'AUDIT_CHECKPOINT_KEY',
      provider: 'aws-ssm',
      message: expect.stringContaining('/tr4ction/audit-checkpoint-key'),
    });
    await expect(sut.getOptional('AUDIT_CHECKPOINT_KEY')).resolves.toBeUndefined();
  });

  it('treats a parameter without a value as missing', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).resolves({ Parameter: {} });
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('maps AccessDeniedException to SECRET_ACCESS_DENIED', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).rejects(new AccessDeniedException({ message: 'denied', Message: 'denied', $metadata: {} }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: 'AccessDeniedException' });
    await expect(sut.getOptional('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('maps UnrecognizedClientException to SECRET_ACCESS_DENIED', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).rejects(serviceError('UnrecognizedClientException'));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('maps ECONNREFUSED to SECRET_PROVIDER_UNREACHABLE', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE' });
  });

  it('maps TimeoutError to SECRET_PROVIDER_UNREACHABLE', async () => {
    const { sut, mocks } = setup();
    mocks.ssm.on(GetParameterCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'TimeoutError' });
  });
});
