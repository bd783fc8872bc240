/**
 * Rotation of audit-service's checkpoint signing key (AUDIT_CHECKPOINT_KEY), every
 * AUDIT_CHECKPOINT_KEY_ROTATION_DAYS (90 by default) or on `tr4ction secrets rotate checkpoint-key`,
 * staged through the store audit-service reads it from (SECRETS_PROVIDER file or AWS):
 *   create  a fresh Ed25519 seed, pending in the store
 *   set     its public half (and the current key's) added to AUDIT_CHECKPOINT_KEY_HISTORY, so
 *           verification trusts it before anything is signed with it
 *   test    the pending key signs, and the history in the store trusts it
 *   finish  the store makes it current; every older key in the history gets its end (now plus
 *           OVERLAP: audit-service polls the store every AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS and signs
 *           with the old key until it sees the new one); SecretRotated {what: checkpoint_key}
 * Old checkpoints keep verifying: every key that ever signed stays in the history, within its window.
 * An `env` provider cannot be written, and a deployment without a key (development signs with a
 * derived public key) has nothing worth rotating: both are left to the operator and logged once.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ed25519KeyFromSecret, ed25519KeyId, generateEd25519Secret, signCheckpoint, verifyCheckpoint } from '@tr4ction/audit-chain';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ServiceError, type EventRecorder } from '@tr4ction/messaging';
import { CLOCK, EVENT_RECORDER, LOGGER, SERVICE_CONFIG, SERVICE_NAME, type Clock, type SigningSecrets } from '@tr4ction/platform';
import { isStagedStoreProvider, type StagedSecretStores } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { SIGNING_SECRETS, STAGED_STORES } from '../rotation.tokens';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { isDue, publishSecretRotated, rotationDueAt, SkippedRotationNotice } from '../staged-rotation/scheduled-rotation';
import { StagedRotationRunner, StepRefused, type StagedRotationOutcome, type StagedRotationTarget } from '../staged-rotation/staged-rotation.runner';
import { CHECKPOINT_KEY, CHECKPOINT_KEY_HISTORY, CheckpointKeyHistory, publicHalf, retireAllBut, withKey } from './checkpoint-key-history';

const WHAT = 'checkpoint_key' as const;
const SUBJECT = { type: 'checkpoint-key', id: CHECKPOINT_KEY };
/** How long a replaced key stays trusted for checkpoints it signs after the rotation: far above audit-service's reload interval. */
export const CHECKPOINT_KEY_OVERLAP_MS = 60 * 60 * 1000;
const PROBE = { seq: 1, hash: '0'.repeat(64) };

@Injectable()
export class CheckpointKeyRotation {
  private readonly skipped = new SkippedRotationNotice(WHAT);
  private keyInStore = false;

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

  /** When the key next rotates: a period after the last rotation (or after the first pass saw it). */
  nextRotationAt(updatedAt: Date): Date {
    return rotationDueAt(updatedAt, this.config.AUDIT_CHECKPOINT_KEY_ROTATION_DAYS);
  }

  /** One scheduler pass: resumes a rotation under way, and starts one when due. */
  async rotateDue(): Promise<StagedRotationOutcome | undefined> {
    const target = await this.target(false);
    if (!target) return undefined;
    const job = (await this.jobs.all(WHAT))[0];
    return this.runner.run(target, { start: isDue(job, this.config.AUDIT_CHECKPOINT_KEY_ROTATION_DAYS, this.clock.now()) });
  }

  /** An operator's rotation now, through the same four steps. */
  async rotateNow(meta: RequestMeta): Promise<StagedRotationOutcome> {
    const target = await this.target(true);
    if (!target) throw new ServiceError('CONFLICT', 'AUDIT_CHECKPOINT_KEY must be kept in a file or AWS store (SECRETS_PROVIDER) to be rotated here');
    return this.runner.run(target, { start: true, wait: true, meta });
  }

  private async target(operator: boolean): Promise<StagedRotationTarget | undefined> {
    const provider = this.secrets.providerName;
    if (!isStagedStoreProvider(provider))
      return this.skip(operator, 'AUDIT_CHECKPOINT_KEY is read from a provider that cannot be written: it is rotated by the operator only');
    const store = this.stores.get(provider);
    const name = await this.stores.nameOf(provider, CHECKPOINT_KEY);
    // No key at all: audit-service signs with its derived development key, which nothing here can name.
    // Looked up until found once: a scheduler pass must not cost a store read per key every few seconds.
    if (!this.keyInStore) this.keyInStore = (await store.current(name)) !== undefined;
    if (!this.keyInStore)
      return this.skip(operator, 'AUDIT_CHECKPOINT_KEY is not in the store: audit-service signs with the development key, nothing to rotate');
    const history = new CheckpointKeyHistory(store, await this.stores.nameOf(provider, CHECKPOINT_KEY_HISTORY));
    return {
      what: WHAT,
      subject: SUBJECT,
      store,
      name,
      generate: generateEd25519Secret,
      set: async (_m, value) => {
        // The key signing now must stay trusted after the rotation: it enters the history too.
        const current = (await store.current(name))?.value;
        let entries = await history.read();
        if (current !== undefined && current !== value) entries = withKey(entries, publicHalf(current));
        await history.write(withKey(entries, publicHalf(value)));
      },
      test: async (value) => {
        let key: ReturnType<typeof ed25519KeyFromSecret>;
        try {
          key = ed25519KeyFromSecret(value);
        } catch {
          throw new StepRefused('not_an_ed25519_key');
        }
        if (!verifyCheckpoint(key, signCheckpoint(key, PROBE, this.clock.now()))) throw new StepRefused('signature_check_failed');
        if (!(await history.read()).some((e) => e.publicKey === publicHalf(value) && !e.notAfter)) throw new StepRefused('not_in_history');
      },
      finished: async (m, value, version, meta) => {
        const current = publicHalf(value);
        await history.write(retireAllBut(await history.read(), current, new Date(this.clock.now().getTime() + CHECKPOINT_KEY_OVERLAP_MS)));
        const keyId = ed25519KeyId(ed25519KeyFromSecret(value));
        await publishSecretRotated(this.recorder, m, {
          service: this.service,
          meta,
          subject: SUBJECT,
          data: { what: WHAT, version, fingerprint: keyId },
          occurredAt: this.clock.now(),
        });
        this.logger.info({ what: WHAT, version, key_id: keyId }, 'audit checkpoint key rotated; audit-service signs with it once it re-reads the store');
      },
    };
  }

  private skip(operator: boolean, message: string): undefined {
    return this.skipped.skip(this.logger, this.secrets.providerName, message, operator);
  }
}
