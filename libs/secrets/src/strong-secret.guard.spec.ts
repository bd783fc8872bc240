import { randomBytes } from 'node:crypto';
import { KNOWN_DEFAULT_SECRETS, assertStrongSecret } from './strong-secret.guard';

describe(assertStrongSecret.name, () => {
  it('accepts a long random value', () => {
    expect(() => assertStrongSecret('JWT_SECRET_KEY', randomBytes(32).toString('hex'), { minBytes: 32 })).not.toThrow();
  });

  it('rejects a short value, naming the key and the minimum', () => {
    expect(() => assertStrongSecret('JWT_SECRET_KEY', 'short-but-not-default', { minBytes: 32 })).toThrow(
      expect.objectContaining({ code: 'SECRET_INVALID', key: 'JWT_SECRET_KEY', message: 'JWT_SECRET_KEY is shorter than 32 bytes' }),
    );
  });

  it('counts bytes, not characters', () => {
    expect(() => assertStrongSecret('JWT_SECRET_KEY', 'é'.repeat(16), { minBytes: 32 })).not.toThrow();
    expect(() => assertStrongSecret('JWT_SECRET_KEY', 'e'.repeat(16), { minBytes: 32 })).toThrow();
  });

  it('rejects the runbook example even though it is long enough', () => {
    expect(KNOWN_DEFAULT_SECRETS).toContain('a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2');
    expect(() => assertStrongSecret('JWT_SECRET_KEY', 'a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2', { minBytes: 32 })).toThrow(
      expect.objectContaining({ code: 'SECRET_INVALID', message: 'JWT_SECRET_KEY is a known default value' }),
    );
  });

  it.each(['secret', 'changeme', 'dev-secret', 'your-secret-key', 'ChangeMe', ' secret\n'])('rejects the placeholder %j', (value) => {
    expect(() => assertStrongSecret('JWT_SECRET_KEY', value, { minBytes: 1 })).toThrow('JWT_SECRET_KEY is a known default value');
  });

  it('adds caller-supplied defaults to the built-in list', () => {
    const value = randomBytes(32).toString('hex');
    expect(() => assertStrongSecret('AUDIT_CHECKPOINT_KEY', value, { minBytes: 32, knownDefaults: [value] })).toThrow(
      'AUDIT_CHECKPOINT_KEY is a known default value',
    );
    expect(() => assertStrongSecret('AUDIT_CHECKPOINT_KEY', 'secret', { minBytes: 1, knownDefaults: [] })).toThrow();
  });
});
