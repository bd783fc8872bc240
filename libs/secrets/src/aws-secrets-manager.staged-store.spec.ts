/**
 * Unit spec against aws-sdk-client-mock fakes (no HTTP, no SigV4): a small in-memory stand-in for
 * Secrets Manager's version stages checks the commands the store sends and the states they lead to.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSecretsManagerStagedStore } from './aws-secrets-manager.staged-store';

interface FakeVersion {
  value: string;
  stages: string[];
}

/** Fake Secrets Manager: one secret's versions and their stage labels, moved the way AWS moves them. */
function fakeSecretsManager(client: SecretsManagerClient) {
  const secrets = new Map<string, Map<string, FakeVersion>>();
  const notFound = () => new ResourceNotFoundException({ message: 'Secrets Manager can not find the specified secret.', $metadata: {} });
  const mock = mockClient(client);
  const versionsOf = (id: string | undefined) => {
    const versions = secrets.get(id ?? '');
    if (!versions) throw notFound();
    return versions;
  };
  const unlabel = (versions: Map<string, FakeVersion>, stage: string) => versions.forEach((v) => (v.stages = v.stages.filter((s) => s !== stage)));
  mock.on(DescribeSecretCommand).callsFake(async (input: { SecretId: string }) => ({
    VersionIdsToStages: Object.fromEntries([...versionsOf(input.SecretId)].map(([id, v]) => [id, [...v.stages]])),
  }));
  mock.on(CreateSecretCommand).callsFake(async (input: { Name: string; ClientRequestToken: string; SecretString: string }) => {
    secrets.set(input.Name, new Map([[input.ClientRequestToken, { value: input.SecretString, stages: ['AWSCURRENT'] }]]));
    return { VersionId: input.ClientRequestToken };
  });
  mock.on(PutSecretValueCommand).callsFake(async (input: { SecretId: string; ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => {
    const versions = versionsOf(input.SecretId);
    for (const stage of input.VersionStages) unlabel(versions, stage);
    versions.set(input.ClientRequestToken, { value: input.SecretString, stages: [...input.VersionStages] });
    return { VersionId: input.ClientRequestToken };
  });
  mock.on(GetSecretValueCommand).callsFake(async (input: { SecretId: string; VersionStage?: string }) => {
    const stage = input.VersionStage ?? 'AWSCURRENT';
    const found = [...versionsOf(input.SecretId)].find(([, v]) => v.stages.includes(stage));
    if (!found) throw notFound();
    return { VersionId: found[0], SecretString: found[1].value };
  });
  mock
    .on(UpdateSecretVersionStageCommand)
    .callsFake(async (input: { SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) => {
      const versions = versionsOf(input.SecretId);
      if (input.RemoveFromVersionId) {
        const from = versions.get(input.RemoveFromVersionId);
        if (from) from.stages = from.stages.filter((s) => s !== input.VersionStage);
        // AWS labels the version that loses AWSCURRENT as AWSPREVIOUS.
        if (input.VersionStage === 'AWSCURRENT' && from && input.MoveToVersionId) {
          unlabel(versions, 'AWSPREVIOUS');
          from.stages.push('AWSPREVIOUS');
        }
      }
      if (input.MoveToVersionId) versions.get(input.MoveToVersionId)?.stages.push(input.VersionStage);
      return {};
    });
  return { mock, secrets };
}

function setup() {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const fake = fakeSecretsManager(client);
  return { sut: new AwsSecretsManagerStagedStore({ client }), mocks: fake, client };
}

describe(`${AwsSecretsManagerStagedStore.name} (aws-sdk-client-mock fakes)`, () => {
  it('creates a missing secret with its first version current', async () => {
    const { sut, mocks } = setup();
    await sut.createPending('tr4ction/sa/exporter', 'v1', 'first');
    await expect(sut.current('tr4ction/sa/exporter')).resolves.toEqual({ versionId: 'v1', value: 'first' });
    await expect(sut.pending('tr4ction/sa/exporter')).resolves.toBeUndefined();
    await sut.finish('tr4ction/sa/exporter', 'v1');
    expect(mocks.mock.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('stages AWSPENDING, then moves AWSCURRENT and leaves AWSPREVIOUS on the old version', async () => {
    const { sut, mocks } = setup();
    await sut.createPending('s', 'v1', 'one');
    await sut.createPending('s', 'v2', 'two');
    expect(mocks.mock.commandCalls(PutSecretValueCommand)[0].args[0].input).toEqual({
      SecretId: 's',
      ClientRequestToken: 'v2',
      SecretString: 'two',
      VersionStages: ['AWSPENDING'],
    });
    await expect(sut.current('s')).resolves.toEqual({ versionId: 'v1', value: 'one' });
    await expect(sut.pending('s')).resolves.toEqual({ versionId: 'v2', value: 'two' });

    await sut.finish('s', 'v2');
    expect(Object.fromEntries([...mocks.secrets.get('s')!].map(([id, v]) => [id, v.stages]))).toEqual({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] });
    await expect(sut.pending('s')).resolves.toBeUndefined();
  });

  it('repeats create and finish without new versions or stage moves', async () => {
    const { sut, mocks } = setup();
    await sut.createPending('s', 'v1', 'one');
    await sut.createPending('s', 'v2', 'two');
    await sut.createPending('s', 'v2', 'two-again');
    expect(mocks.mock.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    await sut.finish('s', 'v2');
    const moves = mocks.mock.commandCalls(UpdateSecretVersionStageCommand).length;
    await sut.finish('s', 'v2');
    expect(mocks.mock.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(moves);
  });

  it('finishes after a crash between moving AWSCURRENT and dropping AWSPENDING', async () => {
    const { sut, mocks, client } = setup();
    await sut.createPending('s', 'v1', 'one');
    await sut.createPending('s', 'v2', 'two');
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: 'v2', RemoveFromVersionId: 'v1' }));
    await sut.finish('s', 'v2');
    expect(mocks.secrets.get('s')!.get('v2')!.stages).toEqual(['AWSCURRENT']);
  });

  it('refuses to finish a version the secret does not have', async () => {
    const { sut } = setup();
    await sut.createPending('s', 'v1', 'one');
    await expect(sut.finish('s', 'gone')).rejects.toMatchObject({ code: 'SECRET_MISSING', reason: 'PendingVersionMissing' });
  });

  it('maps access denied and throttling to SecretsError codes without the value', async () => {
    const { sut, mocks } = setup();
    mocks.mock
      .on(DescribeSecretCommand)
      .rejects(new SecretsManagerServiceException({ name: 'AccessDeniedException', message: 'denied', $fault: 'client', $metadata: {} }));
    await expect(sut.createPending('s', 'v1', 'secret-material')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: 'AccessDeniedException' });
    mocks.mock
      .on(DescribeSecretCommand)
      .rejects(new SecretsManagerServiceException({ name: 'ThrottlingException', message: 'slow down', $fault: 'client', $metadata: {} }));
    const error = await sut.finish('s', 'v1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'ThrottlingException' });
  });

  it('refuses names outside the AWS alphabet before any call', async () => {
    const { sut, mocks } = setup();
    await expect(sut.createPending('a/../b', 'v1', 'x')).rejects.toMatchObject({ code: 'SECRET_INVALID' });
    expect(mocks.mock.calls()).toHaveLength(0);
  });
});
