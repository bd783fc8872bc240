/**
 * Unattended rotation of HS256 mode's JWT_SECRET_KEY every SIGNING_KEY_ROTATION_DAYS (90 by
 * default), staged through the store services read it from (SECRETS_PROVIDER file or AWS; an
 * `env` secret cannot be written, so it stays an operator's job and is only logged). The finish
 * step's SecretRotated {what: jwt_secret, kid} makes every service re-read the secret: auth-service
 * signs with the new one, and the gateway keeps verifying the previous one for one token lifetime
 * (verify-old / sign-new), as it does for an operator's rotation.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ServiceError, type EventRecorder } from '@tr4ction/messaging';
import { CLOCK, EVENT_RECORDER, LOGGER, SERVICE_CONFIG, SERVICE_NAME, type Clock, type SigningSecrets } from '@tr4ction/platform';
import { assertStrongSecret, isStagedStoreProvider, type StagedSecretStores } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { hmacKeyId } from '@tr4ction/tokens';
import { SIGNING_SECRETS, STAGED_STORES } from '../rotation.tokens';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { isDue, publishSecretRotated, SkippedRotationNotice } from '../staged-rotation/scheduled-rotation';
import { StagedRotationRunner, StepRefused, type StagedRotationOutcome, type StagedRotationTarget } from '../staged-rotation/staged-rotation.runner';

const WHAT = 'jwt_secret' as const;
const KEY = 'JWT_SECRET_KEY';
const SUBJECT = { type: 'jwt-secret', id: KEY };
const SECRET_BYTES = 48;

@Injectable()
export class JwtSecretRotation {
  private readonly unwritable = new SkippedRotationNotice(WHAT);

  constructor(
    private readonly jobs: RotationJobsRepository,
    private readonly runner: StagedRotationRunner,
    @Inject(STAGED_STORES) private readonly stores: StagedSecretStores,
    @Inject(SIGNING_SECRETS) private readonly secrets: SigningSecrets,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof rotationServiceSchema>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /**
   * One scheduler pass. The job row's last change is when the secret last rotated; the first pass
   * creates it, so a deployment's first unattended rotation comes one period after it starts.
   */
  async rotateDue(): Promise<StagedRotationOutcome | undefined> {
    if (this.config.JWT_ALGORITHM !== 'HS256') return undefined;
    const target = await this.target();
    if (!target) return undefined;
    const job = (await this.jobs.all(WHAT))[0];
    const outcome = await this.runner.run(target, { start: isDue(job, this.config.SIGNING_KEY_ROTATION_DAYS, this.clock.now()) });
    if (outcome.status === 'rotated') this.secrets.refresh();
    return outcome;
  }

  /** An operator's rotation now, through the same four steps. */
  async rotateNow(meta: RequestMeta): Promise<StagedRotationOutcome> {
    if (this.config.JWT_ALGORITHM !== 'HS256') throw new ServiceError('CONFLICT', 'JWT_SECRET_KEY is used only with JWT_ALGORITHM=HS256');
    const target = await this.target();
    if (!target) throw new ServiceError('CONFLICT', 'SECRETS_PROVIDER=env cannot be written: put JWT_SECRET_KEY in a file or AWS store to rotate it here');
    const outcome = await this.runner.run(target, { start: true, wait: true, meta });
    if (outcome.status === 'rotated') this.secrets.refresh();
    return outcome;
  }

  private async target(): Promise<StagedRotationTarget | undefined> {
    const provider = this.secrets.providerName;
    if (!isStagedStoreProvider(provider))
      return this.unwritable.skip(this.logger, provider, 'JWT_SECRET_KEY is read from a provider that cannot be written: it is rotated by the operator only');
    return {
      what: WHAT,
      subject: SUBJECT,
      store: this.stores.get(provider),
      name: await this.stores.nameOf(provider, KEY),
      generate: () => randomBytes(SECRET_BYTES).toString('base64url'),
      // Nothing holds the secret but the store: services take it from there once it is current.
      set: async () => undefined,
      test: async (value) => {
        try {
          assertStrongSecret(KEY, value, { minBytes: 32 });
        } catch {
          throw new StepRefused('weak_secret');
        }
      },
      finished: async (m, value, version, meta) => {
        const kid = hmacKeyId(value);
        await publishSecretRotated(this.recorder, m, {
          service: this.service,
          meta,
          subject: { type: 'jwt-secret', id: kid },
          data: { what: WHAT, kid, version },
          occurredAt: this.clock.now(),
        });
      },
    };
  }
}
