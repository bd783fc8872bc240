/**
 * What `tr4ction secrets status` shows: every credential the platform owns, where it lives, when it
 * last changed, when it next rotates and how its last rotation went. Built from the projections
 * (signing keys, service accounts, rotation jobs); never reads a secret value.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { CredentialStatus } from '@tr4ction/contracts';
import { SERVICE_CONFIG, type SigningSecrets } from '@tr4ction/platform';
import { isStagedStoreProvider } from '@tr4ction/secrets';
import { SIGNING_SECRETS } from '../rotation.tokens';
import { DatabasePasswordRotation } from '../database-passwords/database-password.rotation';
import { ServiceAccountsRepository } from '../service-accounts/service-accounts.repository';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { SigningKeysService } from '../signing-keys/signing-keys.service';
import { RotationJobsRepository, type RotationJobRow } from '../staged-rotation/rotation-jobs.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class SecretsStatusService {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly accounts: ServiceAccountsRepository,
    private readonly accountsService: ServiceAccountsService,
    private readonly jobs: RotationJobsRepository,
    @Inject(SIGNING_SECRETS) private readonly secrets: SigningSecrets,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof rotationServiceSchema>,
    private readonly dbPasswords: DatabasePasswordRotation,
  ) {}

  async status(): Promise<CredentialStatus[]> {
    const jobs = new Map((await this.jobs.all()).map((j) => [`${j.what}/${j.subject_id}`, j]));
    const provider = this.secrets.providerName;
    const rows: CredentialStatus[] = [];

    if (this.config.JWT_ALGORITHM === 'HS256') {
      const job = jobs.get('jwt_secret/JWT_SECRET_KEY');
      const rotatedAt = job && job.version_id ? job.updated_at : null;
      rows.push({
        credential: 'jwt_secret',
        id: null,
        store: provider,
        name: 'JWT_SECRET_KEY',
        last_rotated_at: rotatedAt?.toISOString() ?? null,
        next_rotation_at: job ? new Date(job.updated_at.getTime() + this.config.SIGNING_KEY_ROTATION_DAYS * DAY_MS).toISOString() : null,
        last_result: resultOf(job),
      });
    } else {
      for (const key of (await this.keys.list()).filter((k) => k.status === 'active')) {
        rows.push({
          credential: 'signing_key',
          id: key.kid,
          store: 'database',
          name: null,
          last_rotated_at: key.activated_at,
          next_rotation_at: key.rotates_at ?? null,
          last_result: 'ok',
        });
      }
      rows.push(
        this.stagedKeyRow(
          'master_key',
          'SIGNING_KEYS_MASTER_KEY',
          jobs.get('master_key/SIGNING_KEYS_MASTER_KEY'),
          this.config.SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS,
        ),
      );
    }

    for (const account of await this.accounts.all()) {
      if (account.status !== 'active') continue;
      const job = jobs.get(`service_account_secret/${account.id}`);
      rows.push({
        credential: 'service_account_secret',
        id: account.client_id,
        store: account.secret_ref?.provider ?? 'operator',
        name: account.secret_ref?.name ?? null,
        last_rotated_at: account.secret_rotated_at.toISOString(),
        next_rotation_at: this.accountsService.rotationDueAt(account.secret_rotated_at).toISOString(),
        last_result: account.secret_ref ? resultOf(job) : 'manual',
      });
    }

    rows.push(
      this.stagedKeyRow(
        'checkpoint_key',
        'AUDIT_CHECKPOINT_KEY',
        jobs.get('checkpoint_key/AUDIT_CHECKPOINT_KEY'),
        this.config.AUDIT_CHECKPOINT_KEY_ROTATION_DAYS,
      ),
    );
    rows.push(...(await this.dbPasswords.status()));
    return rows;
  }

  /** A key rotation-service rotates through the store when it can write there (file, AWS); `manual` otherwise. */
  private stagedKeyRow(credential: 'checkpoint_key' | 'master_key', name: string, job: RotationJobRow | undefined, days: number): CredentialStatus {
    const provider = this.secrets.providerName;
    const staged = isStagedStoreProvider(provider);
    return {
      credential,
      id: null,
      store: provider,
      name,
      last_rotated_at: job?.version_id ? job.updated_at.toISOString() : null,
      next_rotation_at: staged && job ? new Date(job.updated_at.getTime() + days * DAY_MS).toISOString() : null,
      last_result: staged ? resultOf(job) : 'manual',
    };
  }
}

function resultOf(job: RotationJobRow | undefined): string {
  if (!job) return 'ok';
  if (job.last_failure) return `failed:${job.last_failure}`;
  return job.step === 'finish' ? 'ok' : 'in_progress';
}
