/**
 * SigningSecrets over each secrets provider: env, file (a real temporary directory), AWS Secrets
 * Manager and SSM Parameter Store (SDK clients mocked with aws-sdk-client-mock), plus the
 * production guards and the development key file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSecretsManagerProvider, AwsSsmProvider, EnvSecretsProvider, FileSecretsProvider, SecretsError } from '@tr4ction/secrets';
import { deriveMasterKey } from '@tr4ction/tokens';
import { SigningSecrets } from './signing-secrets';

const MASTER = randomBytes(32).toString('hex');
const JWT = randomBytes(32).toString('base64url');

async function errorOf(promise: Promise<unknown>): Promise<SecretsError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SecretsError) return err;
    throw err;
  }
  throw new Error('expected a SecretsError');
}

describe(SigningSecrets.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signing-secrets-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('providers', () => {
    it('env: reads both secrets from the environment', async () => {
      const sut = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: MASTER, JWT_SECRET_KEY: JWT }) });
      await expect(sut.masterKey()).resolves.toEqual(Buffer.from(MASTER, 'hex'));
      await expect(sut.jwtSecret()).resolves.toBe(JWT);
    });

    it('file: reads <dir>/<KEY> and picks up a replaced file after refresh', async () => {
      await writeFile(join(dir, 'JWT_SECRET_KEY'), `${JWT}\n`);
      await writeFile(join(dir, 'signing-keys-master-key'), `${MASTER}\n`);
      const sut = new SigningSecrets({ provider: new FileSecretsProvider({ dir }) });
      await expect(sut.jwtSecret()).resolves.toBe(JWT);
      await expect(sut.masterKey()).resolves.toEqual(Buffer.from(MASTER, 'hex'));

      const rotated = randomBytes(32).toString('base64url');
      await writeFile(join(dir, 'JWT_SECRET_KEY'), rotated);
      await expect(sut.jwtSecret()).resolves.toBe(JWT); // held until a rotation says otherwise
      sut.refresh();
      await expect(sut.jwtSecret()).resolves.toBe(rotated);
    });

    it('aws-secrets-manager: reads tr4ction/<key-dashed>', async () => {
      const client = new SecretsManagerClient({ region: 'eu-west-1' });
      const sm = mockClient(client);
      sm.on(GetSecretValueCommand, { SecretId: 'tr4ction/signing-keys-master-key' }).resolves({ SecretString: MASTER });
      sm.on(GetSecretValueCommand, { SecretId: 'tr4ction/jwt-secret-key' }).resolves({ SecretString: JWT });
      const sut = new SigningSecrets({ provider: new AwsSecretsManagerProvider({ client }) });
      await expect(sut.masterKey()).resolves.toEqual(Buffer.from(MASTER, 'hex'));
      await expect(sut.jwtSecret()).resolves.toBe(JWT);
    });

    it('aws-ssm: reads the decrypted parameter /tr4ction/<key-dashed> (its `current` label), and re-reads it after refresh', async () => {
      const client = new SSMClient({ region: 'eu-west-1' });
      const ssm = mockClient(client);
      ssm.on(GetParameterCommand, { Name: '/tr4ction/signing-keys-master-key:current', WithDecryption: true }).resolves({ Parameter: { Value: MASTER } });
      const sut = new SigningSecrets({ provider: new AwsSsmProvider({ client }) });
      await expect(sut.masterKey()).resolves.toEqual(Buffer.from(MASTER, 'hex'));
      await sut.masterKey();
      expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
      sut.refresh();
      await sut.masterKey();
      expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
    });

    it('stretches a long passphrase into a 32-byte key', async () => {
      const passphrase = 'correct horse battery staple, but much longer than that';
      const sut = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: passphrase }) });
      await expect(sut.masterKey()).resolves.toEqual(deriveMasterKey(passphrase));
    });
  });

  describe('production guards (the error names the variable, never the value)', () => {
    const production = { ENVIRONMENT: 'production' };

    it('refuses a missing master key', async () => {
      const sut = new SigningSecrets({ env: production, provider: new EnvSecretsProvider({}), devDir: dir });
      const err = await errorOf(sut.masterKey());
      expect(err.code).toBe('SECRET_MISSING');
      expect(err.message).toContain('SIGNING_KEYS_MASTER_KEY');
    });

    it.each([
      ['short', 'too-short-master-key'],
      ['a known default', 'changeme'],
    ])('refuses a %s master key', async (_what, value) => {
      const sut = new SigningSecrets({ env: production, provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: value }) });
      const err = await errorOf(sut.masterKey());
      expect(err.code).toBe('SECRET_INVALID');
      expect(err.message).toContain('SIGNING_KEYS_MASTER_KEY');
      expect(JSON.stringify(err)).not.toContain(value);
    });

    it.each([
      ['missing', undefined, 'SECRET_MISSING'],
      ['short', 'short-secret', 'SECRET_INVALID'],
      ['the runbook example', 'a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2', 'SECRET_INVALID'],
    ])('refuses a %s JWT_SECRET_KEY', async (_what, value, code) => {
      const sut = new SigningSecrets({ env: production, provider: new EnvSecretsProvider(value === undefined ? {} : { JWT_SECRET_KEY: value }) });
      const err = await errorOf(sut.jwtSecret());
      expect(err.code).toBe(code);
      expect(err.message).toContain('JWT_SECRET_KEY');
      if (value) expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(value);
    });

    it('never falls back to a development key in production', async () => {
      const sut = new SigningSecrets({ env: production, provider: new EnvSecretsProvider({}), devDir: dir });
      await expect(sut.masterKey()).rejects.toBeInstanceOf(SecretsError);
      await expect(stat(join(dir, 'SIGNING_KEYS_MASTER_KEY'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('reports an AWS miss as SECRET_MISSING', async () => {
      const client = new SecretsManagerClient({ region: 'eu-west-1' });
      mockClient(client)
        .on(GetSecretValueCommand)
        .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
      const sut = new SigningSecrets({ env: production, provider: new AwsSecretsManagerProvider({ client }) });
      expect((await errorOf(sut.masterKey())).code).toBe('SECRET_MISSING');
    });
  });

  describe('development master key', () => {
    it('is generated once into a private file and shared by every process that reads it', async () => {
      const announced: string[] = [];
      const a = new SigningSecrets({ env: {}, provider: new EnvSecretsProvider({}), devDir: dir, onDevKey: (p) => announced.push(p) });
      const b = new SigningSecrets({ env: {}, provider: new EnvSecretsProvider({}), devDir: dir });
      const [ka, kb] = await Promise.all([a.masterKey(), b.masterKey()]);
      expect(ka).toEqual(kb);
      expect(ka).toHaveLength(32);
      const file = join(dir, 'SIGNING_KEYS_MASTER_KEY');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(announced).toEqual(['.dev-secrets/SIGNING_KEYS_MASTER_KEY']);
    });

    it('is not used when the provider has a master key', async () => {
      const sut = new SigningSecrets({ env: {}, provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: MASTER }), devDir: dir });
      await sut.masterKey();
      await expect(stat(join(dir, 'SIGNING_KEYS_MASTER_KEY'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
