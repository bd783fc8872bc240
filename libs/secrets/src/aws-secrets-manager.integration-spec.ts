/**
 * AWS Secrets Manager over real HTTP: the SDK signs each request with SigV4 and sends it to moto
 * in server mode (AWS_ENDPOINT_URL), so the provider and the staged store go through the same
 * serialisation, endpoint resolution and error parsing they go through against AWS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PrivateMoto } from '@tr4ction/testing';
import { AwsSecretsManagerProvider } from './aws-secrets-manager.provider';
import { AWS_STAGES, AwsSecretsManagerStagedStore } from './aws-secrets-manager.staged-store';
import { SecretsError } from './secrets.errors';

describe('AWS Secrets Manager over HTTP (moto server)', () => {
  let moto: PrivateMoto;
  let restoreEnv: () => void;
  let admin: SecretsManagerClient;
  let store: AwsSecretsManagerStagedStore;
  let name: string;

  beforeAll(async () => {
    moto = await PrivateMoto.start();
    restoreEnv = moto.applyAwsEnv();
    // Built from the environment alone, as the services build them: no endpoint passed in code.
    admin = new SecretsManagerClient({});
    store = new AwsSecretsManagerStagedStore();
  });

  afterAll(async () => {
    admin?.destroy();
    restoreEnv?.();
    await moto?.stop();
  });

  beforeEach(() => {
    name = `tr4ction/it-${randomBytes(4).toString('hex')}`;
  });

  /** The key the provider maps onto `tr4ction/<name>`: `it-ab12cd34` is read as `IT_AB12CD34`. */
  const keyOf = (secretName: string) => secretName.replace('tr4ction/', '').replace(/-/g, '_').toUpperCase();
  const stagesOf = async (): Promise<Record<string, string[]>> => (await admin.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages ?? {};
  const versionsIn = async (stage: string) =>
    Object.entries(await stagesOf())
      .filter(([, stages]) => stages.includes(stage))
      .map(([id]) => id);

  describe('provider', () => {
    it('reads the secret under the prefix and the dashed key', async () => {
      const provider = new AwsSecretsManagerProvider({ prefix: 'it-read/' });
      const value = `jwt-${randomBytes(16).toString('hex')}`;
      await admin.send(new CreateSecretCommand({ Name: 'it-read/jwt-secret-key', SecretString: value }));
      await expect(provider.get('JWT_SECRET_KEY')).resolves.toBe(value);
    });

    it('reads a binary secret that is UTF-8 text', async () => {
      const provider = new AwsSecretsManagerProvider({ prefix: 'it-binary/' });
      await admin.send(new CreateSecretCommand({ Name: 'it-binary/jwt-secret-key', SecretBinary: new TextEncoder().encode('binary-but-text') }));
      await expect(provider.get('JWT_SECRET_KEY')).resolves.toBe('binary-but-text');
    });

    it('gives SECRET_MISSING for a secret that does not exist, and undefined from getOptional', async () => {
      const provider = new AwsSecretsManagerProvider({ prefix: 'it-missing/' });
      const error = await provider.get('JWT_SECRET_KEY').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretsError);
      expect(error).toMatchObject({ code: 'SECRET_MISSING', reason: 'ResourceNotFoundException', provider: 'aws-secrets-manager' });
      expect((error as Error).message).toContain('it-missing/jwt-secret-key');
      await expect(provider.getOptional('JWT_SECRET_KEY')).resolves.toBeUndefined();
    });
  });

  describe('staged store', () => {
    it('creates a new secret current at once', async () => {
      const v1 = randomUUID();
      await store.createPending(name, v1, 'first-value');
      await store.finish(name, v1);
      expect(await store.current(name)).toEqual({ versionId: v1, value: 'first-value' });
      expect(await store.pending(name)).toBeUndefined();
      expect(await stagesOf()).toEqual({ [v1]: [AWS_STAGES.current] });
    });

    it('goes create -> set -> test -> finish: AWSPENDING becomes AWSCURRENT and the old current is kept as AWSPREVIOUS', async () => {
      await admin.send(new CreateSecretCommand({ Name: name, ClientRequestToken: 'v1-initial-version-token-000000001', SecretString: 'old-value' }));
      // What a service reads through the provider, before and after the rotation.
      const key = keyOf(name);
      const reader = new AwsSecretsManagerProvider({ prefix: 'tr4ction/' });
      expect(await reader.get(key)).toBe('old-value');

      // create
      await store.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');
      expect(await store.pending(name)).toEqual({ versionId: 'v2-rotation-version-token-0000000002', value: 'new-value' });
      expect(await versionsIn(AWS_STAGES.pending)).toEqual(['v2-rotation-version-token-0000000002']);
      // set and test read the pending value; clients still read the old one.
      expect(await reader.get(key)).toBe('old-value');
      expect((await store.current(name))?.value).toBe('old-value');
      // finish
      await store.finish(name, 'v2-rotation-version-token-0000000002');
      expect(await reader.get(key)).toBe('new-value');
      expect(await store.pending(name)).toBeUndefined();
      expect(await versionsIn(AWS_STAGES.current)).toEqual(['v2-rotation-version-token-0000000002']);
      expect(await versionsIn(AWS_STAGES.previous)).toEqual(['v1-initial-version-token-000000001']);
      expect((await admin.send(new GetSecretValueCommand({ SecretId: name, VersionStage: AWS_STAGES.previous }))).SecretString).toBe('old-value');
    });

    it('is idempotent: every step run twice leaves the same state as once', async () => {
      await store.createPending(name, 'v1-initial-version-token-000000001', 'old-value');
      await store.finish(name, 'v1-initial-version-token-000000001');

      await store.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');
      const afterCreate = await stagesOf();
      await store.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');
      expect(await stagesOf()).toEqual(afterCreate);
      expect(await store.pending(name)).toEqual({ versionId: 'v2-rotation-version-token-0000000002', value: 'new-value' });

      await store.finish(name, 'v2-rotation-version-token-0000000002');
      const afterFinish = await stagesOf();
      await store.finish(name, 'v2-rotation-version-token-0000000002');
      expect(await stagesOf()).toEqual(afterFinish);
      // A create repeated after finish (the crash came before the step was recorded) is a no-op too.
      await store.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');
      expect(await stagesOf()).toEqual(afterFinish);
      expect(await store.current(name)).toEqual({ versionId: 'v2-rotation-version-token-0000000002', value: 'new-value' });
      expect(await versionsIn(AWS_STAGES.previous)).toEqual(['v1-initial-version-token-000000001']);
    });

    it('resumes: a new store object (a restarted process) finishes a rotation another one created', async () => {
      await store.createPending(name, 'v1-initial-version-token-000000001', 'old-value');
      await store.finish(name, 'v1-initial-version-token-000000001');
      await store.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');

      const restarted = new AwsSecretsManagerStagedStore();
      expect(await restarted.pending(name)).toEqual({ versionId: 'v2-rotation-version-token-0000000002', value: 'new-value' });
      await restarted.createPending(name, 'v2-rotation-version-token-0000000002', 'new-value');
      await restarted.finish(name, 'v2-rotation-version-token-0000000002');
      expect(await restarted.current(name)).toEqual({ versionId: 'v2-rotation-version-token-0000000002', value: 'new-value' });
      expect(await versionsIn(AWS_STAGES.previous)).toEqual(['v1-initial-version-token-000000001']);
    });

    it('replaces an abandoned pending version with the next rotation', async () => {
      await store.createPending(name, 'v1-initial-version-token-000000001', 'old-value');
      await store.finish(name, 'v1-initial-version-token-000000001');
      await store.createPending(name, 'v2-abandoned-version-token-00000002', 'abandoned');
      await store.createPending(name, 'v3-rotation-version-token-0000000003', 'newest');
      expect(await store.pending(name)).toEqual({ versionId: 'v3-rotation-version-token-0000000003', value: 'newest' });
      expect(await versionsIn(AWS_STAGES.pending)).toEqual(['v3-rotation-version-token-0000000003']);
      await store.finish(name, 'v3-rotation-version-token-0000000003');
      expect((await store.current(name))?.value).toBe('newest');
      expect(await versionsIn(AWS_STAGES.previous)).toEqual(['v1-initial-version-token-000000001']);
    });

    it('refuses to finish a version it never created, with SECRET_MISSING', async () => {
      await store.createPending(name, 'v1-initial-version-token-000000001', 'old-value');
      await expect(store.finish(name, 'v9-unknown-version-token-00000000009')).rejects.toMatchObject({
        code: 'SECRET_MISSING',
        reason: 'PendingVersionMissing',
      });
    });
  });
});
