import { EnvSecretsProvider } from './env.provider';

function setup(env: NodeJS.ProcessEnv = {}) {
  return { sut: new EnvSecretsProvider(env), mocks: { env } };
}

describe(EnvSecretsProvider.name, () => {
  it('reads the variable named by the key', async () => {
    const { sut } = setup({ JWT_SECRET_KEY: 'from-env' });
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('from-env');
    await expect(sut.getOptional('JWT_SECRET_KEY')).resolves.toBe('from-env');
  });

  it('sees values set after construction', async () => {
    const { sut, mocks } = setup();
    mocks.env['AUDIT_CHECKPOINT_KEY'] = 'late';
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).resolves.toBe('late');
  });

  it('reports a missing variable as SECRET_MISSING naming key and provider', async () => {
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({
      name: 'SecretsError',
      code: 'SECRET_MISSING',
      key: 'JWT_SECRET_KEY',
      provider: 'env',
      message: expect.stringMatching(/JWT_SECRET_KEY.*env/),
    });
    await expect(sut.getOptional('JWT_SECRET_KEY')).resolves.toBeUndefined();
  });

  it('treats an empty variable as missing', async () => {
    const { sut } = setup({ JWT_SECRET_KEY: '' });
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('refuses malformed keys', async () => {
    const { sut } = setup({ '../x': 'nope' });
    await expect(sut.get('../x')).rejects.toMatchObject({ code: 'SECRET_INVALID' });
    await expect(sut.getOptional('')).rejects.toMatchObject({ code: 'SECRET_INVALID' });
  });
});
