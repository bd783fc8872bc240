/**
 * SSM Parameter Store over real HTTP: SigV4-signed requests to moto in server mode
 * (AWS_ENDPOINT_URL). The staged store's terms are SSM's own: every put is a new parameter
 * version, and the labels `pending`, `current` and `previous` move between versions; readers ask
 * for `<name>:current`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { PrivateMoto } from '@tr4ction/testing';
import { AwsSsmProvider } from './aws-ssm.provider';
import { AwsSsmStagedStore, SSM_LABELS } from './aws-ssm.staged-store';
import { SecretsError } from './secrets.errors';

describe('SSM Parameter Store over HTTP (moto server)', () => {
  let moto: PrivateMoto;
  let restoreEnv: () => void;
  let admin: SSMClient;
  let store: AwsSsmStagedStore;
  let id: string;
  let name: string;
  let key: string;
  let reader: AwsSsmProvider;

  beforeAll(async () => {
    moto = await PrivateMoto.start();
    restoreEnv = moto.applyAwsEnv();
    // Built from the environment alone, as the services build them: no endpoint passed in code.
    admin = new SSMClient({});
    store = new AwsSsmStagedStore();
    reader = new AwsSsmProvider({ prefix: 'tr4ction/' });
  });

  afterAll(async () => {
    admin?.destroy();
    restoreEnv?.();
    await moto?.stop();
  });

  beforeEach(() => {
    id = `it-${randomBytes(4).toString('hex')}`;
    name = `/tr4ction/${id}`;
    key = id.replace(/-/g, '_').toUpperCase();
  });

  /** Version number -> labels, as SSM keeps them. */
  const labelsOf = async (): Promise<Record<number, string[]>> => {
    const labels: Record<number, string[]> = {};
    let token: string | undefined;
    do {
      const page = await admin.send(new GetParameterHistoryCommand({ Name: name, NextToken: token, MaxResults: 50 }));
      for (const p of page.Parameters ?? []) labels[p.Version ?? 0] = [...(p.Labels ?? [])].sort();
      token = page.NextToken;
    } while (token);
    return labels;
  };
  const versionWith = async (label: string) =>
    Object.entries(await labelsOf())
      .filter(([, labels]) => labels.includes(label))
      .map(([version]) => Number(version));
  const handWritten = (value: string) => admin.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }));

  describe('provider', () => {
    it('reads a hand-written SecureString parameter (no labels: its latest version)', async () => {
      await handWritten('hand-written-value');
      await expect(reader.get(key)).resolves.toBe('hand-written-value');
      const withSlash = new AwsSsmProvider({ prefix: '/tr4ction/' });
      await expect(withSlash.get(key)).resolves.toBe('hand-written-value');
    });

    it('gives SECRET_MISSING for a parameter that does not exist, and undefined from getOptional', async () => {
      const error = await reader.get(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretsError);
      expect(error).toMatchObject({ code: 'SECRET_MISSING', reason: 'ParameterNotFound', provider: 'aws-ssm' });
      expect((error as Error).message).toContain(name);
      await expect(reader.getOptional(key)).resolves.toBeUndefined();
    });
  });

  describe('staged store', () => {
    it('creates a new parameter current at once', async () => {
      const v1 = randomUUID();
      await store.createPending(name, v1, 'first-value');
      await store.finish(name, v1);
      expect(await store.current(name)).toEqual({ versionId: v1, value: 'first-value' });
      expect(await store.pending(name)).toBeUndefined();
      expect(await labelsOf()).toEqual({ 1: [SSM_LABELS.current, `v-${v1}`].sort() });
      await expect(reader.get(key)).resolves.toBe('first-value');
    });

    it('goes create -> set -> test -> finish: pending becomes current, the old current is labelled previous', async () => {
      await handWritten('old-value');
      const v2 = randomUUID();

      // create: the hand-written version is labelled current first, so readers keep it while the new one is the latest.
      await store.createPending(name, v2, 'new-value');
      expect(await store.pending(name)).toEqual({ versionId: v2, value: 'new-value' });
      expect(await labelsOf()).toEqual({ 1: [SSM_LABELS.current], 2: [SSM_LABELS.pending, `v-${v2}`].sort() });
      // set and test read the pending value; readers still get the old one, though version 2 is the latest.
      expect(await reader.get(key)).toBe('old-value');
      expect((await admin.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value).toBe('new-value');
      // finish
      await store.finish(name, v2);
      expect(await reader.get(key)).toBe('new-value');
      expect(await store.current(name)).toEqual({ versionId: v2, value: 'new-value' });
      expect(await store.pending(name)).toBeUndefined();
      expect(await labelsOf()).toEqual({ 1: [SSM_LABELS.previous], 2: [SSM_LABELS.current, `v-${v2}`].sort() });
      expect((await admin.send(new GetParameterCommand({ Name: `${name}:${SSM_LABELS.previous}`, WithDecryption: true }))).Parameter?.Value).toBe('old-value');
    });

    it('is idempotent: every step run twice leaves the same state as once', async () => {
      const [v1, v2] = [randomUUID(), randomUUID()];
      await store.createPending(name, v1, 'old-value');
      await store.finish(name, v1);

      await store.createPending(name, v2, 'new-value');
      const afterCreate = await labelsOf();
      await store.createPending(name, v2, 'new-value');
      expect(await labelsOf()).toEqual(afterCreate);

      await store.finish(name, v2);
      const afterFinish = await labelsOf();
      await store.finish(name, v2);
      expect(await labelsOf()).toEqual(afterFinish);
      // A create repeated after finish (the crash came before the step was recorded) puts no new version.
      await store.createPending(name, v2, 'new-value');
      expect(await labelsOf()).toEqual(afterFinish);
      expect(Object.keys(afterFinish)).toHaveLength(2);
      expect(await reader.get(key)).toBe('new-value');
      expect(await versionWith(SSM_LABELS.previous)).toEqual([1]);
    });

    it('resumes: a new store object (a restarted process) finishes a rotation another one created', async () => {
      const [v1, v2] = [randomUUID(), randomUUID()];
      await store.createPending(name, v1, 'old-value');
      await store.finish(name, v1);
      await store.createPending(name, v2, 'new-value');

      const restarted = new AwsSsmStagedStore();
      expect(await restarted.pending(name)).toEqual({ versionId: v2, value: 'new-value' });
      await restarted.createPending(name, v2, 'new-value');
      await restarted.finish(name, v2);
      expect(await reader.get(key)).toBe('new-value');
      expect(await versionWith(SSM_LABELS.previous)).toEqual([1]);
    });

    it('keeps working past many rotations (labels move; only the current version keeps its own)', async () => {
      const versions = Array.from({ length: 4 }, () => randomUUID());
      for (const [i, v] of versions.entries()) {
        await store.createPending(name, v, `value-${i}`);
        await store.finish(name, v);
      }
      expect(await reader.get(key)).toBe('value-3');
      expect(await versionWith(SSM_LABELS.current)).toEqual([4]);
      expect(await versionWith(SSM_LABELS.previous)).toEqual([3]);
      expect(await versionWith(SSM_LABELS.pending)).toEqual([]);
    });

    it("keeps rotating past SSM's 100 versions: old versions are left without labels, so SSM can drop them", async () => {
      const rotate = async (value: string) => {
        const version = randomUUID();
        await store.createPending(name, version, value);
        await store.finish(name, version);
      };
      for (const i of [1, 2, 3]) await rotate(`value-${i}`);
      expect(await labelsOf()).toEqual({ 1: [], 2: [SSM_LABELS.previous], 3: expect.arrayContaining([SSM_LABELS.current]) });
      // Versions 4-99 written by hand (no labels), so the next rotations reach the limit quickly.
      for (let i = 4; i <= 99; i++) await admin.send(new PutParameterCommand({ Name: name, Value: `hand-${i}`, Type: 'SecureString', Overwrite: true }));
      await rotate('value-100');
      // The 101st version: SSM drops version 1, which it may only do when version 1 has no label.
      await rotate('value-101');
      expect(await reader.get(key)).toBe('value-101');
      const versions = Object.keys(await labelsOf()).map(Number);
      expect(versions).toHaveLength(100);
      expect(Math.min(...versions)).toBe(2);
    }, 120_000);

    it('refuses to finish a version it never created, with SECRET_MISSING', async () => {
      await store.createPending(name, randomUUID(), 'old-value');
      await expect(store.finish(name, randomUUID())).rejects.toMatchObject({ code: 'SECRET_MISSING', reason: 'PendingVersionMissing' });
    });
  });
});
