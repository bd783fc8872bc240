/**
 * Master-key rotation: re-encrypts every stored private signing key under the current
 * SIGNING_KEYS_MASTER_KEY. The operator first writes the new key into the secrets provider and
 * moves the old one to SIGNING_KEYS_MASTER_KEY_PREVIOUS; every reader accepts both meanwhile
 * (current first). One transaction under the `master-key` job lock rewrites the rows and records
 * `SecretRotated {what: master_key}`, so a crash leaves every row under one key or the other,
 * never lost; running it again finishes or finds nothing to do. A row neither key opens stops the
 * whole rotation (nothing is changed) with `SecretRotationFailed`.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { MasterKeyRotationOutcome, RequestMeta } from '@tr4ction/contracts';
import { buildEvent, ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { LOGGER, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type SigningSecrets } from '@tr4ction/platform';
import { platformMetrics, type Logger } from '@tr4ction/telemetry';
import { decryptPrivateKeyWithAny, encryptPrivateKey, masterKeyId } from '@tr4ction/tokens';
import { SIGNING_SECRETS } from '../rotation.tokens';
import { SigningKeysRepository } from './signing-keys.repository';

const JOB = 'master-key';

type Config = ConfigOf<typeof rotationServiceSchema>;

class UnreadableRows extends Error {
  constructor(readonly kids: string[]) {
    super('stored signing keys under an unknown master key');
  }
}

@Injectable()
export class MasterKeyRotation {
  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SIGNING_SECRETS) private readonly secrets: SigningSecrets,
  ) {}

  async rotate(meta: RequestMeta): Promise<MasterKeyRotationOutcome> {
    if (this.config.JWT_ALGORITHM === 'HS256') {
      throw new ServiceError('CONFLICT', 'JWT_ALGORITHM=HS256 stores no signing keys: there is nothing under the master key to re-encrypt');
    }
    // The operator has just changed the provider: read both keys afresh, not from the cache.
    this.secrets.refresh();
    const masterKeys = await this.secrets.masterKeys();
    const currentId = masterKeyId(masterKeys[0]);
    const outcome = await this.unitOfWork
      .run(async (m, record) => {
        await this.keys.lockJob(m, JOB, true);
        const rows = await this.keys.materialForUpdate(m);
        const unreadable: string[] = [];
        let reencrypted = 0;
        for (const row of rows) {
          if (row.master_key_id === currentId) continue;
          let opened: { privatePem: string; keyIndex: number };
          try {
            opened = decryptPrivateKeyWithAny(row.encrypted_private_key, masterKeys, row.kid);
          } catch {
            unreadable.push(row.kid);
            continue;
          }
          // Under the current key already (a row from before ids were stored): only name it.
          const blob = opened.keyIndex === 0 ? row.encrypted_private_key : encryptPrivateKey(opened.privatePem, masterKeys[0], row.kid);
          await this.keys.replaceEncryptedKey(m, row.kid, blob, currentId);
          if (opened.keyIndex !== 0) reencrypted += 1;
        }
        // Rolls the whole transaction back: no row changes unless every row can move.
        if (unreadable.length > 0) throw new UnreadableRows(unreadable);
        if (reencrypted > 0) {
          await record([
            buildEvent(this.service, meta, {
              type: 'SecretRotated',
              subject: { type: 'master-key', id: currentId },
              data: { what: 'master_key', fingerprint: currentId, reencrypted },
            }),
          ]);
        }
        return { reencrypted, stored: rows.length };
      })
      .catch((err: unknown) => {
        if (err instanceof UnreadableRows) return this.fail(meta, currentId, err.kids);
        throw err;
      });
    this.logger.info(
      { master_key_id: currentId, reencrypted: outcome.reencrypted, stored_keys: outcome.stored },
      'master key rotation checked every stored signing key',
    );
    return {
      status: outcome.reencrypted > 0 ? 'rotated' : 'unchanged',
      master_key_id: currentId,
      reencrypted: outcome.reencrypted,
      stored_keys: outcome.stored,
    };
  }

  /** Nothing was changed (the transaction rolled back): say so, audibly. */
  private async fail(meta: RequestMeta, currentId: string, unreadable: string[]): Promise<never> {
    await this.unitOfWork.run((_m, record) =>
      record([
        buildEvent(this.service, meta, {
          type: 'SecretRotationFailed',
          subject: { type: 'master-key', id: currentId },
          data: { what: 'master_key', step: 'reencrypt', reason: 'rows_under_unknown_key', fingerprint: currentId },
        }),
      ]),
    );
    platformMetrics.rotationFailures().inc({ what: 'master_key', step: 'reencrypt' });
    this.logger.error(
      { master_key_id: currentId, unreadable_kids: unreadable },
      'master key rotation stopped: stored keys open with neither the current nor the previous master key',
    );
    throw new ServiceError(
      'PRECONDITION_FAILED',
      `${unreadable.length} stored signing key(s) open with neither SIGNING_KEYS_MASTER_KEY nor SIGNING_KEYS_MASTER_KEY_PREVIOUS; set the key they are under as SIGNING_KEYS_MASTER_KEY_PREVIOUS and run it again`,
    );
  }
}
