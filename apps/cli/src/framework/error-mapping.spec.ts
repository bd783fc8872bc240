import { CliError } from './cli-error';
import { maskCredentials, toCliError } from './error-mapping';
import { EXIT } from './exit-codes';

class RpcCallError extends Error {
  override name = 'RpcCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

describe(toCliError.name, () => {
  it('keeps a CliError as it is', () => {
    const err = new CliError(EXIT.NO_PERMISSION, 'no');
    expect(toCliError(err)).toBe(err);
  });

  it.each([
    ['SERVICE_UNAVAILABLE', EXIT.UNAVAILABLE],
    ['VALIDATION_FAILED', EXIT.DATA_ERROR],
    ['FORBIDDEN', EXIT.NO_PERMISSION],
    ['NOT_FOUND', EXIT.FAILED],
    ['INTERNAL', EXIT.SOFTWARE],
  ])('maps a service answer %s to exit %i, keeping the code', (code, exit) => {
    const mapped = toCliError(new RpcCallError(code, 'x'));
    expect(mapped.exitCode).toBe(exit);
    expect(mapped.code).toBe(code);
  });

  it('maps configuration, connection and file errors', () => {
    expect(toCliError(Object.assign(new Error('Invalid configuration'), { name: 'ConfigError' })).exitCode).toBe(EXIT.CONFIG);
    expect(toCliError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).exitCode).toBe(EXIT.UNAVAILABLE);
    expect(toCliError(Object.assign(new Error('open x'), { code: 'EACCES' })).exitCode).toBe(EXIT.IO_ERROR);
    expect(toCliError(new TypeError('boom')).exitCode).toBe(EXIT.SOFTWARE);
  });

  it('never repeats a password found in a message', () => {
    const mapped = toCliError(new Error('cannot use postgres://app:s3cret-pw@db:5432/tr4ction'));
    expect(mapped.message).not.toContain('s3cret-pw');
    expect(mapped.message).toContain('postgres://app:***@db:5432/tr4ction');
  });
});

describe(maskCredentials.name, () => {
  it('masks every URL password and leaves other text alone', () => {
    expect(maskCredentials('a nats://u:p@h:4222 and postgres://x:y@z/db')).toBe('a nats://u:***@h:4222 and postgres://x:***@z/db');
    expect(maskCredentials('postgres://postgres@127.0.0.1:5432/tr4ction')).toBe('postgres://postgres@127.0.0.1:5432/tr4ction');
  });
});
