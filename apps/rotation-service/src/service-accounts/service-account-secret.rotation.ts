/**
 * Unattended rotation of the client secrets the platform keeps in a store (`secret_ref`): every
 * SERVICE_ACCOUNT_ROTATION_DAYS a new secret is staged in the store, accepted beside the old one
 * (set), checked through the same verification the token endpoint uses (test), made current in
 * the store (finish), and the old one then works for SERVICE_ACCOUNT_GRACE_HOURS more. A client
 * that re-reads its secret from the store always gets one that works: the store switches only
 * after the new secret is accepted, and the old keeps working through the overlap.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RequestMeta } from '@tr4ction/contracts';
import { CLOCK, type Clock } from '@tr4ction/platform';
import type { StagedSecretStores } from '@tr4ction/secrets';
import { generateOpaqueToken, hashOpaqueToken } from '@tr4ction/tokens';
import { STAGED_STORES } from '../rotation.tokens';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { StagedRotationRunner, StepRefused, type StagedRotationOutcome, type StagedRotationTarget } from '../staged-rotation/staged-rotation.runner';
import { isActiveAccount, type ServiceAccountAggregate } from './service-account.aggregate';
import { ServiceAccountAggregates } from './service-account-aggregates';
import { ServiceAccountsErrors } from './service-accounts.errors';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';

const WHAT = 'service_account_secret' as const;

@Injectable()
export class ServiceAccountSecretRotation {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly aggregates: ServiceAccountAggregates,
    private readonly service: ServiceAccountsService,
    private readonly jobs: RotationJobsRepository,
    private readonly runner: StagedRotationRunner,
    @Inject(STAGED_STORES) private readonly stores: StagedSecretStores,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One scheduler pass: starts every due rotation and resumes every interrupted one. */
  async rotateDue(): Promise<StagedRotationOutcome[]> {
    const now = this.clock.now().getTime();
    const underway = new Set((await this.jobs.all(WHAT)).filter((j) => j.step !== 'finish').map((j) => j.subject_id));
    const outcomes: StagedRotationOutcome[] = [];
    // The read model names the candidates; each is decided on its aggregate.
    for (const candidate of await this.accounts.activeWithStore()) {
      const account = await this.aggregates.load(this.accounts.manager, candidate.id);
      if (!isActiveAccount(account) || !account.secret_rotated_at || !account.secret_ref) continue;
      const due = now >= this.service.rotationDueAt(account.secret_rotated_at).getTime();
      if (!due && !underway.has(account.id)) continue;
      outcomes.push(await this.runner.run(this.target(account), { start: due }));
    }
    return outcomes;
  }

  /** An operator's rotation now (it still goes through the four steps). */
  async rotateNow(id: string, meta: RequestMeta): Promise<StagedRotationOutcome> {
    const account = await this.aggregates.load(this.accounts.manager, id);
    if (account.version === 0) throw ServiceAccountsErrors.notFound();
    if (!isActiveAccount(account)) throw ServiceAccountsErrors.revoked();
    if (!account.secret_ref) throw ServiceAccountsErrors.noStore();
    return this.runner.run(this.target(account), { start: true, wait: true, meta });
  }

  private target(account: ServiceAccountAggregate): StagedRotationTarget {
    const ref = account.secret_ref;
    if (!ref) throw ServiceAccountsErrors.noStore();
    return {
      what: WHAT,
      subject: { type: 'service-account', id: account.id },
      store: this.stores.get(ref.provider),
      name: ref.name,
      generate: () => generateOpaqueToken('client_secret'),
      set: async (m, value) => {
        // Under the stream lock, so a revocation either comes before (refused here) or after (and expires this secret too).
        const locked = await this.aggregates.loadForUpdate(m, account.id);
        if (!isActiveAccount(locked)) throw new StepRefused('account_not_active');
        await this.accounts.addSecret(m, account.id, hashOpaqueToken(value), this.clock.now());
      },
      test: async (value) => {
        await this.service.verify({ client_id: account.client_id, secret_hash: hashOpaqueToken(value) }).catch(() => {
          throw new StepRefused('new_secret_not_accepted');
        });
      },
      finished: (m, value, version, meta) => this.service.completeStagedRotation(m, account.id, hashOpaqueToken(value), version, meta),
    };
  }
}
