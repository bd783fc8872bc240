import { SecretsError, isSecretsError, missingAsUndefined } from './secrets.errors';

describe(SecretsError.name, () => {
  it('is an Error with a string code, key and provider', () => {
    const error = SecretsError.accessDenied('JWT_SECRET_KEY', 'aws-ssm', 'parameter /tr4ction/jwt-secret-key', 'AccessDeniedException');
    expect(error).toBeInstanceOf(Error);
    expect(isSecretsError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'SecretsError', code: 'SECRET_ACCESS_DENIED', key: 'JWT_SECRET_KEY', provider: 'aws-ssm' });
    expect(String(error)).toBe('SecretsError: access to JWT_SECRET_KEY was denied by aws-ssm (parameter /tr4ction/jwt-secret-key): AccessDeniedException');
  });

  it('serialises to its safe fields only', () => {
    const error = SecretsError.missing('JWT_SECRET_KEY', 'env', 'environment variable JWT_SECRET_KEY');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'SecretsError',
      code: 'SECRET_MISSING',
      key: 'JWT_SECRET_KEY',
      provider: 'env',
      message: 'JWT_SECRET_KEY is missing in env (environment variable JWT_SECRET_KEY)',
    });
  });
});

describe(missingAsUndefined.name, () => {
  it('turns only SECRET_MISSING into undefined', async () => {
    await expect(missingAsUndefined(Promise.reject(SecretsError.missing('K', 'env', 'x')))).resolves.toBeUndefined();
    await expect(missingAsUndefined(Promise.reject(SecretsError.unreachable('K', 'env', 'x')))).rejects.toMatchObject({
      code: 'SECRET_PROVIDER_UNREACHABLE',
    });
    await expect(missingAsUndefined(Promise.resolve('v'))).resolves.toBe('v');
  });
});
