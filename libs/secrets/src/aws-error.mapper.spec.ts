import { mapAwsError } from './aws-error.mapper';
import { SecretsError } from './secrets.errors';

function named(name: string): Error {
  return Object.assign(new Error(`${name}: simulated`), { name });
}

function withCode(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

describe(mapAwsError.name, () => {
  const map = (error: unknown) => mapAwsError(error, 'JWT_SECRET_KEY', 'aws-ssm', 'parameter /tr4ction/jwt-secret-key');

  it.each([
    ['ResourceNotFoundException', 'SECRET_MISSING'],
    ['ParameterNotFound', 'SECRET_MISSING'],
    ['ParameterVersionNotFound', 'SECRET_MISSING'],
    ['AccessDeniedException', 'SECRET_ACCESS_DENIED'],
    ['AccessDenied', 'SECRET_ACCESS_DENIED'],
    ['UnrecognizedClientException', 'SECRET_ACCESS_DENIED'],
    ['ExpiredTokenException', 'SECRET_ACCESS_DENIED'],
    ['CredentialsProviderError', 'SECRET_ACCESS_DENIED'],
    ['DecryptionFailure', 'SECRET_ACCESS_DENIED'],
    ['TimeoutError', 'SECRET_PROVIDER_UNREACHABLE'],
    ['ThrottlingException', 'SECRET_PROVIDER_UNREACHABLE'],
    ['InternalServiceError', 'SECRET_PROVIDER_UNREACHABLE'],
  ])('maps an error named %s to %s', (name, code) => {
    expect(map(named(name))).toMatchObject({ code, reason: name, key: 'JWT_SECRET_KEY', provider: 'aws-ssm' });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'])('maps socket error %s to unreachable', (code) => {
    expect(map(withCode(code))).toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: code });
  });

  it('maps unknown failures to unreachable, keeping the name as the reason', () => {
    expect(map(named('InvalidParameterException'))).toMatchObject({
      code: 'SECRET_PROVIDER_UNREACHABLE',
      reason: 'InvalidParameterException',
      message: expect.stringContaining('InvalidParameterException'),
    });
    expect(map('not even an error')).toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'unknown' });
  });

  it('passes a SecretsError through unchanged', () => {
    const original = SecretsError.invalid('JWT_SECRET_KEY', 'aws-ssm', 'is odd');
    expect(map(original)).toBe(original);
  });

  it('names key, provider and location in the message', () => {
    expect(map(named('ParameterNotFound')).message).toBe('JWT_SECRET_KEY is missing in aws-ssm (parameter /tr4ction/jwt-secret-key): ParameterNotFound');
  });
});
