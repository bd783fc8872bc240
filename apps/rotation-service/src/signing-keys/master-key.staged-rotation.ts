/**
 * Unattended master-key rotation, every SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS (180 by default) or on
 * `tr4ction secrets rotate master-key --staged`, when SIGNING_KEYS_MASTER_KEY is kept in a file or AWS
 * store. Staged like every store rotation (job lock + steps in the job's stream, so a crash anywhere
 * resumes at the step it was in):
 *   create  a fresh 32-byte key, pending in the store (readers still use the current one)
 *   set     the current key copied to SIGNING_KEYS_MASTER_KEY_PREVIOUS, so once the new key is
 *           current every reader still opens rows under the old one
 *   test    the pending key is strong enough
 *   finish  the store makes it current; in the same step's transaction, under the `master-key`
 *           job lock, every stored private key is re-encrypted under it, with
 *           SecretRotated {what: master_key, version, reencrypted}
 * After the commit the old key is retired: SIGNING_KEYS_MASTER_KEY_PREVIOUS is set to the new key
 * (readers then hold one key), once every row is under it. A crash before that is retired by the
 * next process's first pass. A row neither key opens stops the finish step with nothing
 * re-encrypted (SecretRotationFailed); both keys stay readable until it is fixed.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ServiceError, type EventRecorder } from '@tr4ction/messaging';
import {
  CLOCK,
  EVENT_RECORDER,
  LOGGER,
  SERVICE_CONFIG,
  SERVICE_NAME,
  SIGNING_KEYS_MASTER_KEY,
  SIGNING_KEYS_MASTER_KEY_PREVIOUS,
  type Clock,
  type SigningSecrets,
} from '@tr4ction/platform';
import { assertStrongSecret, isStagedStoreProvider, type StagedSecretStore, type StagedSecretStores } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { decryptPrivateKeyWithAny, deriveMasterKey, encryptPrivateKey, masterKeyId } from '@tr4ction/tokens';
import { SIGNING_SECRETS, STAGED_STORES } from '../rotation.tokens';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { isDue, publishSecretRotated, rotationDueAt, SkippedRotationNotice } from '../staged-rotation/scheduled-rotation';
import {
  ROTATION_SCHEDULER,
  StagedRotationRunner,
  StepRefused,
  type StagedRotationOutcome,
  type StagedRotationTarget,
} from '../staged-rotation/staged-rotation.runner';
import { MasterKeyRotation } from './master-key.rotation';
import { SigningKeysRepository } from './signing-keys.repository';

const WHAT = 'master_key' as const;
const SUBJECT = { type: 'master-key', id: SIGNING_KEYS_MASTER_KEY };
const JOB_LOCK = 'master-key';

@Injectable()
export class MasterKeyStagedRotation {
  private readonly skipped = new SkippedRotationNotice(WHAT);
  private keyInStore = false;
  /** Checked once per process (a crash may have left the old key unretired) and after each rotation. */
  private retireChecked = false;

  constructor(
    private readonly jobs: RotationJobsRepository,
    private readonly runner: StagedRotationRunner,
    private readonly keys: SigningKeysRepository,
    private readonly reencrypt: MasterKeyRotation,
    @Inject(STAGED_STORES) private readonly stores: StagedSecretStores,
    @Inject(SIGNING_SECRETS) private readonly secrets: SigningSecrets,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof rotationServiceSchema>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  nextRotationAt(updatedAt: Date): Date {
    return rotationDueAt(updatedAt, this.config.SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS);
  }

  /** One scheduler pass: resumes a rotation under way, starts one when due, retires a replaced key. */
  async rotateDue(): Promise<StagedRotationOutcome | undefined> {
    const target = await this.target(false);
    if (!target) return undefined;
    const job = (await this.jobs.all(WHAT))[0];
    const outcome = await this.runner.run(target, { start: isDue(job, this.config.SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS, this.clock.now()) });
    await this.afterRun(outcome);
    return outcome;
  }

  /** An operator's rotation now, through the same four steps. */
  async rotateNow(meta: RequestMeta): Promise<StagedRotationOutcome> {
    const target = await this.target(true);
    if (!target) {
      throw new ServiceError(
        'CONFLICT',
        'SIGNING_KEYS_MASTER_KEY must be kept in a file or AWS store (SECRETS_PROVIDER) to be rotated here, with JWT_ALGORITHM RS256 or ES256',
      );
    }
    const outcome = await this.runner.run(target, { start: true, wait: true, meta });
    await this.afterRun(outcome, meta);
    return outcome;
  }

  private async afterRun(outcome: StagedRotationOutcome, meta?: RequestMeta): Promise<void> {
    if (outcome.status === 'rotated') {
      this.secrets.refresh();
      this.retireChecked = false;
    }
    if (this.retireChecked || outcome.status === 'busy' || outcome.status === 'failed') return;
    const job = (await this.jobs.all(WHAT))[0];
    // Only between rotations: mid-rotation PREVIOUS is the key rows are still under.
    if (job && job.step !== 'finish') return;
    await this.retire(meta);
  }

  /**
   * Sets SIGNING_KEYS_MASTER_KEY_PREVIOUS to the current key once every row is under the current
   * one. Rows written meanwhile under the old key (a key created while the finish step ran) are
   * re-encrypted first, through the operator command's transaction.
   */
  private async retire(meta?: RequestMeta): Promise<void> {
    const provider = this.secrets.providerName;
    if (!isStagedStoreProvider(provider)) return;
    const store = this.stores.get(provider);
    const current = await store.current(await this.stores.nameOf(provider, SIGNING_KEYS_MASTER_KEY));
    const previousName = await this.stores.nameOf(provider, SIGNING_KEYS_MASTER_KEY_PREVIOUS);
    const previous = await store.current(previousName);
    if (!current || !previous || previous.value === current.value) {
      this.retireChecked = true;
      return;
    }
    await this.reencrypt.rotate(meta ?? { actor: ROTATION_SCHEDULER });
    await writeWhole(store, previousName, `retired-${masterKeyId(deriveMasterKey(current.value))}-${current.versionId}`, current.value);
    this.secrets.refresh();
    this.retireChecked = true;
    this.logger.info({ what: WHAT, version: current.versionId }, 'previous master key retired: every stored signing key is under the current one');
  }

  private async target(operator: boolean): Promise<StagedRotationTarget | undefined> {
    if (this.config.JWT_ALGORITHM === 'HS256') return undefined;
    const provider = this.secrets.providerName;
    if (!isStagedStoreProvider(provider))
      return this.skip(operator, 'SIGNING_KEYS_MASTER_KEY is read from a provider that cannot be written: it is rotated by the operator only');
    const store = this.stores.get(provider);
    const name = await this.stores.nameOf(provider, SIGNING_KEYS_MASTER_KEY);
    // Looked up until found once: a scheduler pass must not cost a store read per key every few seconds.
    if (!this.keyInStore) this.keyInStore = (await store.current(name)) !== undefined;
    if (!this.keyInStore) return this.skip(operator, 'SIGNING_KEYS_MASTER_KEY is not in the store (development key file): nothing to rotate');
    const previousName = await this.stores.nameOf(provider, SIGNING_KEYS_MASTER_KEY_PREVIOUS);
    return {
      what: WHAT,
      subject: SUBJECT,
      store,
      name,
      generate: () => randomBytes(32).toString('hex'),
      set: async (_m, value) => {
        const current = await store.current(name);
        if (!current || current.value === value) throw new StepRefused('current_key_missing');
        // Named after both keys (and 32+ characters, as AWS Secrets Manager wants a version id): a repeated set writes nothing.
        const versionId = `previous-${masterKeyId(deriveMasterKey(current.value))}${masterKeyId(deriveMasterKey(value))}`;
        await writeWhole(store, previousName, versionId, current.value);
      },
      test: async (value) => {
        try {
          assertStrongSecret(SIGNING_KEYS_MASTER_KEY, value, { minBytes: 32 });
        } catch {
          throw new StepRefused('weak_secret');
        }
      },
      finished: async (m, value, version, meta) => {
        const next = deriveMasterKey(value);
        const nextId = masterKeyId(next);
        const previous = (await store.current(previousName))?.value;
        const readable = previous === undefined ? [next] : [next, deriveMasterKey(previous)];
        await this.keys.lockJob(m, JOB_LOCK, true);
        let reencrypted = 0;
        for (const row of await this.keys.materialForUpdate(m)) {
          if (row.master_key_id === nextId) continue;
          let opened: { privatePem: string };
          try {
            opened = decryptPrivateKeyWithAny(row.encrypted_private_key, readable, row.kid);
          } catch {
            // Rolls the step back: nothing re-encrypted, both keys still readable, the next pass retries.
            throw new StepRefused('rows_under_unknown_key');
          }
          await this.keys.replaceEncryptedKey(m, row.kid, encryptPrivateKey(opened.privatePem, next, row.kid), nextId);
          reencrypted += 1;
        }
        await publishSecretRotated(this.recorder, m, {
          service: this.service,
          meta,
          subject: { type: 'master-key', id: nextId },
          data: { what: WHAT, version, fingerprint: nextId, reencrypted },
          occurredAt: this.clock.now(),
        });
        this.logger.info({ what: WHAT, version, master_key_id: nextId, reencrypted }, 'master key rotated in the store; stored signing keys re-encrypted');
      },
    };
  }

  private skip(operator: boolean, message: string): undefined {
    return this.skipped.skip(this.logger, this.secrets.providerName, message, operator);
  }
}

/** A value written straight to current (create + finish at one version): repeating it changes nothing. */
async function writeWhole(store: StagedSecretStore, name: string, versionId: string, value: string): Promise<void> {
  if ((await store.current(name))?.versionId === versionId) return;
  await store.createPending(name, versionId, value);
  await store.finish(name, versionId);
}
