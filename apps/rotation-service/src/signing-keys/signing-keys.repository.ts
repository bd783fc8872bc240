import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';
import type { GeneratedSigningKey } from '@tr4ction/tokens';
import type { SigningKeyRow } from './signing-keys.types';

export interface SchedulerJobRow {
  rotation_requested_at: Date | null;
  last_run_at: Date | null;
}

/**
 * SQL access to the signing-key projection (the read model: answers, the JWKS, the active key for
 * auth-service; commands decide on SigningKeyAggregates), the encrypted key material and the job lock.
 */
@Injectable()
export class SigningKeysRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** For reads outside a transaction (aggregates loaded to answer, not to decide under a lock). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Takes the job's row lock for this transaction. With `wait: false` another replica holding it
   * means "someone is already doing this": undefined, and the caller skips its turn.
   */
  async lockJob(m: EntityManager, name: string, wait: boolean): Promise<SchedulerJobRow | undefined> {
    const rows: SchedulerJobRow[] = await m.query(
      `SELECT rotation_requested_at, last_run_at FROM rotation.scheduler_jobs WHERE name = $1 FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`,
      [name],
    );
    return rows[0];
  }

  async updateJob(m: EntityManager, name: string, values: { rotationRequestedAt?: Date | null; lastRunAt?: Date }): Promise<void> {
    if (values.rotationRequestedAt !== undefined) {
      await m.query(`UPDATE rotation.scheduler_jobs SET rotation_requested_at = $2 WHERE name = $1`, [name, values.rotationRequestedAt]);
    }
    if (values.lastRunAt !== undefined) await m.query(`UPDATE rotation.scheduler_jobs SET last_run_at = $2 WHERE name = $1`, [name, values.lastRunAt]);
  }

  async all(m: EntityManager = this.dataSource.manager): Promise<SigningKeyRow[]> {
    return m.query(`SELECT * FROM rotation.signing_keys_v1 ORDER BY created_at DESC, kid`);
  }

  async live(m: EntityManager = this.dataSource.manager): Promise<SigningKeyRow[]> {
    return m.query(`SELECT * FROM rotation.signing_keys_v1 WHERE status IN ('next', 'active', 'retiring') ORDER BY created_at, kid`);
  }

  async find(kid: string, m: EntityManager = this.dataSource.manager): Promise<SigningKeyRow | undefined> {
    const rows: SigningKeyRow[] = await m.query(`SELECT * FROM rotation.signing_keys_v1 WHERE kid = $1`, [kid]);
    return rows[0];
  }

  async saveMaterial(m: EntityManager, key: GeneratedSigningKey, encryptedPrivateKey: string, masterKeyId: string): Promise<void> {
    await m.query(
      `INSERT INTO rotation.signing_key_material (kid, alg, public_pem, public_jwk, encrypted_private_key, master_key_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [key.kid, key.alg, key.publicPem, JSON.stringify(key.publicJwk), encryptedPrivateKey, masterKeyId],
    );
  }

  /** Every stored private key, locked for this transaction (a master-key rotation rewrites them). */
  async materialForUpdate(m: EntityManager): Promise<Array<{ kid: string; encrypted_private_key: string; master_key_id: string | null }>> {
    return m.query(`SELECT kid, encrypted_private_key, master_key_id FROM rotation.signing_key_material ORDER BY kid FOR UPDATE`);
  }

  async replaceEncryptedKey(m: EntityManager, kid: string, encryptedPrivateKey: string, masterKeyId: string): Promise<void> {
    await m.query(`UPDATE rotation.signing_key_material SET encrypted_private_key = $2, master_key_id = $3 WHERE kid = $1`, [
      kid,
      encryptedPrivateKey,
      masterKeyId,
    ]);
  }

  async activeMaterial(): Promise<{ kid: string; alg: string; encrypted_private_key: string } | undefined> {
    const rows: Array<{ kid: string; alg: string; encrypted_private_key: string }> = await this.dataSource.query(
      `SELECT k.kid, k.alg, m.encrypted_private_key
         FROM rotation.signing_keys_v1 k JOIN rotation.signing_key_material m ON m.kid = k.kid
        WHERE k.status = 'active'`,
    );
    return rows[0];
  }

  /** Records a reminder once per subject and due date; true when this call recorded it. */
  async claimReminder(m: EntityManager, what: string, subjectId: string, dueAt: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO rotation.rotation_reminders (what, subject_id, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING subject_id`,
      [what, subjectId, dueAt],
    );
    return rows.length > 0;
  }
}
