/**
 * Staged rotation in AWS Secrets Manager, in its own terms: the new value is put as a version
 * labelled AWSPENDING under `ClientRequestToken = versionId` (so a repeated put is the same
 * version), and finish moves AWSCURRENT onto it; Secrets Manager itself then labels the old
 * current AWSPREVIOUS. Readers that ask for no stage get AWSCURRENT, so they never see pending.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mapAwsError } from './aws-error.mapper';
import { AWS_MAX_ATTEMPTS, AWS_REQUEST_HANDLER_OPTIONS } from './aws-client.config';
import { SecretsError } from './secrets.errors';
import { assertValidAwsName } from './aws-name.util';
import type { StagedSecretStore, StagedVersion } from './staged-secret-store.interface';

const PROVIDER = 'aws-secrets-manager';
export const AWS_STAGES = { pending: 'AWSPENDING', current: 'AWSCURRENT', previous: 'AWSPREVIOUS' } as const;

export class AwsSecretsManagerStagedStore implements StagedSecretStore {
  readonly provider = PROVIDER;
  private readonly client: SecretsManagerClient;

  constructor(options: { client?: SecretsManagerClient; region?: string } = {}) {
    this.client =
      options.client ?? new SecretsManagerClient({ region: options.region, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: AWS_REQUEST_HANDLER_OPTIONS });
  }

  async createPending(name: string, versionId: string, value: string): Promise<void> {
    assertValidAwsName(name, PROVIDER);
    const stages = await this.stagesByVersion(name);
    if (stages === undefined) {
      // No secret yet: nobody reads a current value, so the first version is created current.
      await this.client.send(new CreateSecretCommand({ Name: name, ClientRequestToken: versionId, SecretString: value })).catch(this.mapError(name));
      return;
    }
    const mine = stages.get(versionId);
    if (mine?.includes(AWS_STAGES.pending) || mine?.includes(AWS_STAGES.current) || mine?.includes(AWS_STAGES.previous)) return;
    const otherPending = [...stages].find(([id, labels]) => id !== versionId && labels.includes(AWS_STAGES.pending))?.[0];
    if (mine) {
      // The version exists but lost its AWSPENDING label (a later rotation or an operator moved it):
      // a repeated put with the same token "succeeds but does nothing" in AWS, leaving nothing
      // pending, so the label is moved back explicitly.
      await this.client
        .send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: AWS_STAGES.pending,
            MoveToVersionId: versionId,
            RemoveFromVersionId: otherPending,
          }),
        )
        .catch(this.mapError(name));
      return;
    }
    await this.client
      .send(new PutSecretValueCommand({ SecretId: name, ClientRequestToken: versionId, SecretString: value, VersionStages: [AWS_STAGES.pending] }))
      .catch(this.mapError(name));
  }

  pending(name: string): Promise<StagedVersion | undefined> {
    return this.readStage(name, AWS_STAGES.pending);
  }

  current(name: string): Promise<StagedVersion | undefined> {
    return this.readStage(name, AWS_STAGES.current);
  }

  async finish(name: string, versionId: string): Promise<void> {
    assertValidAwsName(name, PROVIDER);
    const stages = (await this.stagesByVersion(name)) ?? new Map<string, string[]>();
    const mine = stages.get(versionId);
    if (!mine) throw SecretsError.missing(name, PROVIDER, this.where(name), 'PendingVersionMissing');
    const currentId = [...stages].find(([, labels]) => labels.includes(AWS_STAGES.current))?.[0];
    if (currentId !== versionId) {
      await this.client
        .send(
          new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: AWS_STAGES.current, MoveToVersionId: versionId, RemoveFromVersionId: currentId }),
        )
        .catch(this.mapError(name));
    }
    if (mine.includes(AWS_STAGES.pending)) {
      await this.client
        .send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: AWS_STAGES.pending, RemoveFromVersionId: versionId }))
        .catch(this.mapError(name));
    }
  }

  private async readStage(name: string, stage: string): Promise<StagedVersion | undefined> {
    assertValidAwsName(name, PROVIDER);
    const read = async (): Promise<StagedVersion | undefined> => {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage })).catch(this.mapError(name));
      if (out.VersionId === undefined || out.SecretString === undefined || out.SecretString === '') return undefined;
      return { versionId: out.VersionId, value: out.SecretString };
    };
    try {
      return await read();
    } catch (error: unknown) {
      if (error instanceof SecretsError && error.code === 'SECRET_MISSING') return undefined;
      throw error;
    }
  }

  /** Version id -> stage labels, or undefined when the secret does not exist. */
  private async stagesByVersion(name: string): Promise<Map<string, string[]> | undefined> {
    const described = await missingAsUndefinedValue(this.client.send(new DescribeSecretCommand({ SecretId: name })).catch(this.mapError(name)));
    return described === undefined ? undefined : new Map(Object.entries(described.VersionIdsToStages ?? {}));
  }

  private mapError(name: string): (error: unknown) => never {
    return (error: unknown) => {
      throw mapAwsError(error, name, PROVIDER, this.where(name));
    };
  }

  private where(name: string): string {
    return `secret id ${name}`;
  }
}

/** A secret that does not exist yet has no versions: the first rotation creates its first one. */
async function missingAsUndefinedValue<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error: unknown) {
    if (error instanceof SecretsError && error.code === 'SECRET_MISSING') return undefined;
    throw error;
  }
}
