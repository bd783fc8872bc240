/**
 * Unit spec against aws-sdk-client-mock fakes (no HTTP, no SigV4): an in-memory stand-in for
 * Parameter Store's versions and moving labels checks the commands sent and the states reached.
 */
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  ParameterNotFound,
  ParameterVersionNotFound,
  PutParameterCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSsmProvider } from './aws-ssm.provider';
import { AwsSsmStagedStore } from './aws-ssm.staged-store';

interface FakeVersion {
  Version: number;
  Value: string;
  Labels: string[];
}

/** Fake Parameter Store: versions per name; a label put on one version leaves the others. */
function fakeSsm(client: SSMClient) {
  const params = new Map<string, FakeVersion[]>();
  const mock = mockClient(client);
  const versionsOf = (name: string) => {
    const versions = params.get(name);
    if (!versions) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
    return versions;
  };
  mock.on(PutParameterCommand).callsFake(async (input: { Name: string; Value: string }) => {
    const versions = params.get(input.Name) ?? [];
    params.set(input.Name, versions);
    const Version = versions.length + 1;
    versions.push({ Version, Value: input.Value, Labels: [] });
    return { Version };
  });
  mock
    .on(GetParameterHistoryCommand)
    .callsFake(async (input: { Name: string }) => ({ Parameters: versionsOf(input.Name).map((v) => ({ ...v, Labels: [...v.Labels] })) }));
  mock.on(LabelParameterVersionCommand).callsFake(async (input: { Name: string; ParameterVersion: number; Labels: string[] }) => {
    const versions = versionsOf(input.Name);
    for (const v of versions) v.Labels = v.Labels.filter((l) => !input.Labels.includes(l));
    versions.find((v) => v.Version === input.ParameterVersion)?.Labels.push(...input.Labels);
    return {};
  });
  mock.on(UnlabelParameterVersionCommand).callsFake(async (input: { Name: string; ParameterVersion: number; Labels: string[] }) => {
    const v = versionsOf(input.Name).find((x) => x.Version === input.ParameterVersion);
    if (v) v.Labels = v.Labels.filter((l) => !input.Labels.includes(l));
    return {};
  });
  mock.on(GetParameterCommand).callsFake(async (input: { Name: string }) => {
    const [name, label] = input.Name.split(':');
    const versions = versionsOf(name);
    const v = label === undefined ? versions.at(-1) : versions.find((x) => x.Labels.includes(label));
    if (!v) throw new ParameterVersionNotFound({ message: 'no such label', $metadata: {} });
    return { Parameter: { Name: name, Value: v.Value, Version: v.Version } };
  });
  return { mock, params };
}

function setup() {
  const client = new SSMClient({ region: 'eu-west-1' });
  const fake = fakeSsm(client);
  return { sut: new AwsSsmStagedStore({ client }), reader: new AwsSsmProvider({ client, prefix: 'tr4ction/' }), mocks: fake };
}

const NAME = '/tr4ction/jwt-secret-key';

describe(`${AwsSsmStagedStore.name} (aws-sdk-client-mock fakes)`, () => {
  it('labels a hand-written latest version current before putting pending, so readers keep it', async () => {
    const { sut, reader, mocks } = setup();
    mocks.params.set(NAME, [{ Version: 1, Value: 'by-hand', Labels: [] }]);
    await sut.createPending(NAME, 'v2', 'rotated');
    expect(mocks.params.get(NAME)!.map((v) => v.Labels)).toEqual([['current'], ['pending', 'v-v2']]);
    await expect(reader.get('JWT_SECRET_KEY')).resolves.toBe('by-hand');
    await expect(sut.pending(NAME)).resolves.toEqual({ versionId: 'v2', value: 'rotated' });
    await expect(sut.current(NAME)).resolves.toEqual({ versionId: 'ssm-1', value: 'by-hand' });

    await sut.finish(NAME, 'v2');
    expect(mocks.params.get(NAME)!.map((v) => v.Labels)).toEqual([['previous'], ['v-v2', 'current']]);
    await expect(reader.get('JWT_SECRET_KEY')).resolves.toBe('rotated');
  });

  it('creates a missing parameter current at once', async () => {
    const { sut, mocks } = setup();
    await sut.createPending(NAME, 'v1', 'first');
    expect(mocks.mock.commandCalls(PutParameterCommand)[0].args[0].input).toMatchObject({ Name: NAME, Type: 'SecureString', Overwrite: false });
    await expect(sut.current(NAME)).resolves.toEqual({ versionId: 'v1', value: 'first' });
    await expect(sut.pending(NAME)).resolves.toBeUndefined();
  });

  it('repeats create and finish without new versions', async () => {
    const { sut, mocks } = setup();
    await sut.createPending(NAME, 'v1', 'first');
    await sut.createPending(NAME, 'v2', 'second');
    await sut.createPending(NAME, 'v2', 'second-again');
    expect(mocks.params.get(NAME)).toHaveLength(2);
    await sut.finish(NAME, 'v2');
    await sut.finish(NAME, 'v2');
    // The old version keeps `previous` only: SSM may drop it at its 100-version limit.
    expect(mocks.params.get(NAME)!.map((v) => v.Labels)).toEqual([['previous'], ['v-v2', 'current']]);
  });

  it('finishes after a crash between labelling current and dropping pending', async () => {
    const { sut, mocks } = setup();
    await sut.createPending(NAME, 'v1', 'first');
    await sut.createPending(NAME, 'v2', 'second');
    mocks.params.get(NAME)![1].Labels.push('current');
    mocks.params.get(NAME)![0].Labels = ['v-v1'];
    await sut.finish(NAME, 'v2');
    expect(mocks.params.get(NAME)![1].Labels).toEqual(['v-v2', 'current']);
  });

  it('refuses to finish a version it never created', async () => {
    const { sut } = setup();
    await sut.createPending(NAME, 'v1', 'first');
    await expect(sut.finish(NAME, 'other')).rejects.toMatchObject({ code: 'SECRET_MISSING', reason: 'PendingVersionMissing' });
  });
});
