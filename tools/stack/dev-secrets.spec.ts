import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519KeyFromSecret } from '@tr4ction/audit-chain';
import { assertStrongSecret } from '@tr4ction/secrets';
import { deriveMasterKey } from '@tr4ction/tokens';
import { DEV_SECRETS, ensureDevSecrets } from './dev-secrets';

// Each development secret must be readable by the service that reads it: a format mismatch here
// once stopped `npm start` at audit-service's boot while every test stack (own secrets) passed.
describe('ensureDevSecrets', () => {
  const root = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates secrets that their readers accept, once, and points the file provider at them', () => {
    const env = ensureDevSecrets(root, {});
    expect(env).toEqual({ SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: join(root, '.dev-secrets') });
    const read = (name: string) => readFileSync(join(root, '.dev-secrets', name), 'utf8');
    expect(Object.keys(DEV_SECRETS).sort()).toEqual(['AUDIT_CHECKPOINT_KEY', 'JWT_SECRET_KEY', 'MFA_ENCRYPTION_KEY', 'SIGNING_KEYS_MASTER_KEY']);
    expect(() => assertStrongSecret('JWT_SECRET_KEY', read('JWT_SECRET_KEY'), { minBytes: 32 })).not.toThrow();
    expect(deriveMasterKey(read('SIGNING_KEYS_MASTER_KEY'))).toHaveLength(32);
    expect(ed25519KeyFromSecret(read('AUDIT_CHECKPOINT_KEY')).asymmetricKeyType).toBe('ed25519');
    const first = read('JWT_SECRET_KEY');
    ensureDevSecrets(root, {});
    expect(read('JWT_SECRET_KEY')).toBe(first);
  });

  it('leaves operator-managed secrets and production alone', () => {
    expect(ensureDevSecrets(root, { SECRETS_PROVIDER: 'env' })).toEqual({});
    expect(ensureDevSecrets(root, { JWT_SECRET_KEY: 'x'.repeat(64) })).toEqual({});
    expect(ensureDevSecrets(root, { ENVIRONMENT: 'production' })).toEqual({});
  });
});
