/**
 * Staged rotation in SSM Parameter Store, in its terms: every put makes a new parameter version,
 * and labels say which is which. `current`, `pending` and `previous` are labels that move between
 * versions; `v-<versionId>` stays on the version a rotation created, so a repeated step finds it.
 * Readers ask for `<name>:current` (AwsSsmProvider), not the latest version, which is pending for a
 * while; before the first pending version is put, the existing latest is labelled `current`.
 */
import {
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
  type ParameterHistory,
} from '@aws-sdk/client-ssm';
import { mapAwsError } from './aws-error.mapper';
import { AWS_MAX_ATTEMPTS, AWS_REQUEST_HANDLER_OPTIONS } from './aws-client.config';
import { assertValidAwsName } from './aws-name.util';
import { SecretsError } from './secrets.errors';
import type { StagedSecretStore, StagedVersion } from './staged-secret-store.interface';

const PROVIDER = 'aws-ssm';
export const SSM_LABELS = { pending: 'pending', current: 'current', previous: 'previous' } as const;
const VERSION_LABEL_PREFIX = 'v-';

interface ParameterVersion {
  version: number;
  labels: string[];
  value: string;
}

export class AwsSsmStagedStore implements StagedSecretStore {
  readonly provider = PROVIDER;
  private readonly client: SSMClient;

  constructor(options: { client?: SSMClient; region?: string } = {}) {
    this.client = options.client ?? new SSMClient({ region: options.region, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: AWS_REQUEST_HANDLER_OPTIONS });
  }

  async createPending(name: string, versionId: string, value: string): Promise<void> {
    const history = await this.history(name);
    const mine = history.find((v) => v.labels.includes(versionLabel(versionId)));
    if (mine) {
      // Put before: pending, or done (current, previous). A version that lost its `pending` label
      // (a later rotation or an operator moved it) gets it back, so the step leaves it pending.
      const done = [SSM_LABELS.pending, SSM_LABELS.current, SSM_LABELS.previous].some((l) => mine.labels.includes(l));
      if (!done) await this.label(name, mine.version, [SSM_LABELS.pending]);
      return;
    }
    const latest = history.at(-1);
    if (latest && !history.some((v) => v.labels.includes(SSM_LABELS.current))) await this.label(name, latest.version, [SSM_LABELS.current]);
    const put = await this.client
      .send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: history.length > 0 }))
      .catch(this.mapError(name));
    if (put.Version === undefined) throw SecretsError.unreachable(name, PROVIDER, this.where(name), 'NoVersionReturned');
    // The first version of a new parameter is the only one: current at once, nobody read it before.
    const labels = history.length === 0 ? [SSM_LABELS.current, versionLabel(versionId)] : [SSM_LABELS.pending, versionLabel(versionId)];
    await this.label(name, put.Version, labels);
  }

  async pending(name: string): Promise<StagedVersion | undefined> {
    return toStaged((await this.history(name)).find((v) => v.labels.includes(SSM_LABELS.pending)));
  }

  async current(name: string): Promise<StagedVersion | undefined> {
    const history = await this.history(name);
    return toStaged(history.find((v) => v.labels.includes(SSM_LABELS.current)) ?? history.at(-1));
  }

  async finish(name: string, versionId: string): Promise<void> {
    const history = await this.history(name);
    const mine = history.find((v) => v.labels.includes(versionLabel(versionId)));
    if (!mine) throw SecretsError.missing(name, PROVIDER, this.where(name), 'PendingVersionMissing');
    const current = history.find((v) => v.labels.includes(SSM_LABELS.current));
    if (current?.version !== mine.version) {
      if (current) await this.label(name, current.version, [SSM_LABELS.previous]);
      await this.label(name, mine.version, [SSM_LABELS.current]);
    }
    if (mine.labels.includes(SSM_LABELS.pending)) await this.unlabel(name, mine.version, [SSM_LABELS.pending]);
    // SSM keeps 100 versions and drops the oldest only when it has no label: a `v-` label left on
    // every old version would make the 100th rotation's put fail (ParameterMaxVersionLimitExceeded).
    // Only the version just finished needs its own (a repeated create or finish finds it); another
    // rotation's pending version keeps its, and `previous` alone keeps the last one readable.
    for (const old of history) {
      if (old.version === mine.version || old.labels.includes(SSM_LABELS.pending)) continue;
      const own = old.labels.filter((l) => l.startsWith(VERSION_LABEL_PREFIX));
      if (own.length > 0) await this.unlabel(name, old.version, own);
    }
  }

  /** Every version, oldest first; empty when the parameter does not exist. */
  private async history(name: string): Promise<ParameterVersion[]> {
    assertValidAwsName(name, PROVIDER);
    const versions: ParameterVersion[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client
          .send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true, NextToken: token, MaxResults: 50 }))
          .catch(this.mapError(name));
        for (const p of page.Parameters ?? []) versions.push(toVersion(p));
        token = page.NextToken;
      } while (token);
    } catch (error: unknown) {
      if (error instanceof SecretsError && error.code === 'SECRET_MISSING') return [];
      throw error;
    }
    return versions.sort((a, b) => a.version - b.version);
  }

  /** Labels move: putting `current` on one version takes it off the other. */
  private async label(name: string, version: number, labels: string[]): Promise<void> {
    await this.client.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: labels })).catch(this.mapError(name));
  }

  private async unlabel(name: string, version: number, labels: string[]): Promise<void> {
    await this.client.send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: labels })).catch(this.mapError(name));
  }

  private mapError(name: string): (error: unknown) => never {
    return (error: unknown) => {
      throw mapAwsError(error, name, PROVIDER, this.where(name));
    };
  }

  private where(name: string): string {
    return `parameter ${name}`;
  }
}

function versionLabel(versionId: string): string {
  return `${VERSION_LABEL_PREFIX}${versionId}`;
}

function toVersion(p: ParameterHistory): ParameterVersion {
  return { version: p.Version ?? 0, labels: p.Labels ?? [], value: p.Value ?? '' };
}

function toStaged(v: ParameterVersion | undefined): StagedVersion | undefined {
  if (!v || v.value === '') return undefined;
  const own = v.labels.find((l) => l.startsWith(VERSION_LABEL_PREFIX));
  return { versionId: own ? own.slice(VERSION_LABEL_PREFIX.length) : `ssm-${v.version}`, value: v.value };
}
