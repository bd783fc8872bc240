/**
 * Failures over real HTTP, for both AWS stores: an HTTP proxy in front of moto answers chosen
 * requests with AWS-shaped errors (ThrottlingException, AccessDeniedException), so the SDK's own
 * parsing and retries meet them; and the pending version is taken away in moto between steps.
 * Each staged rotation either finishes or fails with the mapped SecretsError and then resumes,
 * and no thrown error carries the secret value, even when the upstream message quotes it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, GetParameterHistoryCommand, SSMClient, UnlabelParameterVersionCommand } from '@aws-sdk/client-ssm';
import { AWS_FAULTS, AwsFaultProxy, PrivateMoto } from '@tr4ction/testing';
import { AwsSecretsManagerProvider } from './aws-secrets-manager.provider';
import { AwsSecretsManagerStagedStore } from './aws-secrets-manager.staged-store';
import { AwsSsmProvider } from './aws-ssm.provider';
import { AwsSsmStagedStore } from './aws-ssm.staged-store';
import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError } from './secrets.errors';
import type { StagedSecretStore } from './staged-secret-store.interface';

/** A store, its reader, and what the test does to it behind its back (straight to moto, not through the proxy). */
interface Backend {
  label: string;
  nameFor(id: string): string;
  store(): StagedSecretStore;
  reader(): SecretsProvider;
  /** The write a create step makes, and the writes of a finish (their X-Amz-Target operation names). */
  putOperation: string;
  finishOperation: string;
  /** Takes the pending marker off `versionId` (what a later rotation or an operator does). */
  dropPending(admin: Admins, name: string, versionId: string): Promise<void>;
  deleteAll(admin: Admins, name: string): Promise<void>;
}

interface Admins {
  sm: SecretsManagerClient;
  ssm: SSMClient;
}

const BACKENDS: Backend[] = [
  {
    label: 'Secrets Manager',
    nameFor: (id) => `tr4ction/${id}`,
    store: () => new AwsSecretsManagerStagedStore(),
    reader: () => new AwsSecretsManagerProvider({ prefix: 'tr4ction/' }),
    putOperation: 'PutSecretValue',
    finishOperation: 'UpdateSecretVersionStage',
    async dropPending(admin, name, versionId) {
      await admin.sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSPENDING', RemoveFromVersionId: versionId }));
      const stages = (await admin.sm.send(new DescribeSecretCommand({ SecretId: name }))).VersionIdsToStages ?? {};
      expect(stages[versionId]).toEqual([]);
    },
    async deleteAll(admin, name) {
      await admin.sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    },
  },
  {
    label: 'SSM Parameter Store',
    nameFor: (id) => `/tr4ction/${id}`,
    store: () => new AwsSsmStagedStore(),
    reader: () => new AwsSsmProvider({ prefix: 'tr4ction/' }),
    putOperation: 'PutParameter',
    finishOperation: 'LabelParameterVersion',
    async dropPending(admin, name, versionId) {
      const history = (await admin.ssm.send(new GetParameterHistoryCommand({ Name: name }))).Parameters ?? [];
      const mine = history.find((p) => p.Labels?.includes(`v-${versionId}`));
      await admin.ssm.send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: mine?.Version, Labels: ['pending'] }));
    },
    async deleteAll(admin, name) {
      await admin.ssm.send(new DeleteParameterCommand({ Name: name }));
    },
  },
];

describe.each(BACKENDS)('$label: faults over real HTTP (moto behind a fault-injecting proxy)', (backend) => {
  let moto: PrivateMoto;
  let proxy: AwsFaultProxy;
  let restoreEnv: () => void;
  let admin: Admins;
  let store: StagedSecretStore;
  let reader: SecretsProvider;
  let name: string;
  let key: string;
  let canary: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    moto = await PrivateMoto.start();
    proxy = await AwsFaultProxy.start(moto.endpoint);
    // The stores and readers build their clients from the environment, as the services do: through the proxy.
    restoreEnv = moto.applyAwsEnv();
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    admin = { sm: new SecretsManagerClient({ endpoint: moto.endpoint }), ssm: new SSMClient({ endpoint: moto.endpoint }) };
    store = backend.store();
    reader = backend.reader();
  });

  afterAll(async () => {
    admin?.sm.destroy();
    admin?.ssm.destroy();
    restoreEnv?.();
    await proxy?.close();
    await moto?.stop();
  });

  beforeEach(async () => {
    proxy.heal();
    const id = `it-${randomBytes(4).toString('hex')}`;
    name = backend.nameFor(id);
    key = id.replace(/-/g, '_').toUpperCase();
    canary = `canary-${randomBytes(24).toString('hex')}`;
    errors.length = 0;
    await store.createPending(name, randomUUID(), 'old-value');
  });

  afterEach(() => {
    // Every error the test saw, however a logger would render it: no secret value in any.
    for (const error of errors) {
      for (const rendering of [String(error), JSON.stringify(error), inspect(error, { depth: 5 }), (error as Error).stack ?? '']) {
        expect(rendering).not.toContain(canary);
        expect(rendering).not.toContain('old-value');
      }
    }
  });

  /** The rejection of `action`, kept for the leak check. */
  const failure = async (action: Promise<unknown>): Promise<SecretsError> => {
    const error = await action.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretsError);
    errors.push(error);
    return error as SecretsError;
  };
  /** An upstream message that quotes the value, as a careless service or proxy might. */
  const quoting = (fault: { type: string; status: number; message: string }) => ({ ...fault, message: `${fault.message} (value: ${canary})` });

  it('rides out brief throttling: the SDK retries and the four steps finish', async () => {
    const version = randomUUID();
    const injectedBefore = proxy.injected;
    proxy.failNext(2, quoting(AWS_FAULTS.throttling), { operations: [backend.putOperation] });
    await store.createPending(name, version, canary);
    expect((await store.pending(name))?.versionId).toBe(version);
    proxy.failNext(2, quoting(AWS_FAULTS.throttling), { operations: [backend.finishOperation] });
    await store.finish(name, version);
    expect(proxy.injected - injectedBefore).toBe(4);
    proxy.failNext(2, quoting(AWS_FAULTS.throttling));
    expect(await reader.get(key)).toBe(canary);
  });

  it('fails a create that stays throttled with SECRET_PROVIDER_UNREACHABLE, then resumes it', async () => {
    const version = randomUUID();
    proxy.failNext(10, quoting(AWS_FAULTS.throttling), { operations: [backend.putOperation] });
    const error = await failure(store.createPending(name, version, canary));
    expect(error).toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'ThrottlingException', provider: store.provider });
    expect(error.message).toContain(name);
    expect(await reader.get(key)).toBe('old-value');

    proxy.heal();
    await store.createPending(name, version, canary);
    expect((await store.pending(name))?.versionId).toBe(version);
    await store.finish(name, version);
    expect(await reader.get(key)).toBe(canary);
  });

  it('resumes a finish throttled between its writes, ending with the new value current', async () => {
    const version = randomUUID();
    await store.createPending(name, version, canary);
    // The first write of the finish goes through, the next ones are throttled past the SDK's retries.
    proxy.failNext(10, quoting(AWS_FAULTS.throttling), { operations: [backend.finishOperation, 'UnlabelParameterVersion'], after: 1 });
    const error = await failure(store.finish(name, version));
    expect(error).toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'ThrottlingException' });

    proxy.heal();
    await store.finish(name, version);
    expect(await store.current(name)).toEqual({ versionId: version, value: canary });
    expect(await store.pending(name)).toBeUndefined();
    expect(await reader.get(key)).toBe(canary);
  });

  it('maps AccessDeniedException to SECRET_ACCESS_DENIED at once (no retry), for reads and every step', async () => {
    const version = randomUUID();
    const injectedBefore = proxy.injected;
    proxy.failNext(1, quoting(AWS_FAULTS.accessDenied));
    const read = await failure(reader.get(key));
    expect(read).toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: 'AccessDeniedException', key });
    expect(proxy.injected - injectedBefore).toBe(1);

    proxy.failNext(100, quoting(AWS_FAULTS.accessDenied));
    const seenBefore = proxy.seen.length;
    for (const step of [store.createPending(name, version, canary), store.pending(name), store.finish(name, version)]) {
      expect(await failure(step)).toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: 'AccessDeniedException', provider: store.provider });
    }
    // A denial is final: one request per call, none retried.
    expect(proxy.seen.length - seenBefore).toBe(3);

    proxy.heal();
    await store.createPending(name, version, canary);
    await store.finish(name, version);
    expect(await reader.get(key)).toBe(canary);
  });

  it('puts a pending version back when it lost its pending marker between steps, and finishes it', async () => {
    const version = randomUUID();
    await store.createPending(name, version, canary);
    await backend.dropPending(admin, name, version);
    // What set and test read: nothing pending, so they refuse rather than use another value.
    expect(await store.pending(name)).toBeUndefined();

    await store.createPending(name, version, canary);
    expect(await store.pending(name)).toEqual({ versionId: version, value: canary });
    await store.createPending(name, version, canary);
    expect(await store.pending(name)).toEqual({ versionId: version, value: canary });
    await store.finish(name, version);
    expect(await reader.get(key)).toBe(canary);
  });

  it('fails a finish cleanly when the secret was deleted between steps, and recreates it on the next create', async () => {
    const version = randomUUID();
    await store.createPending(name, version, canary);
    await backend.deleteAll(admin, name);
    const error = await failure(store.finish(name, version));
    expect(error).toMatchObject({ code: 'SECRET_MISSING', reason: 'PendingVersionMissing' });
    expect(await failure(reader.get(key))).toMatchObject({ code: 'SECRET_MISSING' });

    await store.createPending(name, version, canary);
    await store.finish(name, version);
    expect(await store.current(name)).toEqual({ versionId: version, value: canary });
    expect(await reader.get(key)).toBe(canary);
  });
});
