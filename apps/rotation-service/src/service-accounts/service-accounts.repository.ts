import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';
import type { ServiceAccountRow } from './service-accounts.types';

/** SQL access to the service-account projection and the hashed secrets beside it. */
@Injectable()
export class ServiceAccountsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** For reads outside a transaction (aggregates loaded to answer, not to decide under a lock). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async all(): Promise<ServiceAccountRow[]> {
    return this.dataSource.query(`SELECT * FROM rotation.service_accounts_v1 ORDER BY created_at DESC, id`);
  }

  /** Active accounts an operator hands secrets to: only these are reminded (the others rotate by themselves). */
  async activeWithoutStore(): Promise<ServiceAccountRow[]> {
    return this.dataSource.query(`SELECT * FROM rotation.service_accounts_v1 WHERE status = 'active' AND secret_ref IS NULL`);
  }

  /** The read model's row, for answers; commands decide on the aggregate (ServiceAccountAggregates). */
  async find(id: string): Promise<ServiceAccountRow | undefined> {
    const rows: ServiceAccountRow[] = await this.dataSource.query(`SELECT * FROM rotation.service_accounts_v1 WHERE id = $1`, [id]);
    return rows[0];
  }

  async findByClientId(clientId: string): Promise<ServiceAccountRow | undefined> {
    const rows: ServiceAccountRow[] = await this.dataSource.query(`SELECT * FROM rotation.service_accounts_v1 WHERE client_id = $1`, [clientId]);
    return rows[0];
  }

  async addSecret(m: EntityManager, accountId: string, secretHash: string, createdAt: Date): Promise<void> {
    await m.query(`INSERT INTO rotation.service_account_secrets (account_id, secret_hash, created_at) VALUES ($1, $2, $3)`, [accountId, secretHash, createdAt]);
  }

  /**
   * The current secret becomes the previous one until `graceUntil`; any older previous secret
   * stops now, so at most two secrets ever work.
   */
  async demoteSecrets(m: EntityManager, accountId: string, now: Date, graceUntil: Date): Promise<void> {
    await m.query(`UPDATE rotation.service_account_secrets SET valid_until = $2 WHERE account_id = $1 AND valid_until > $2`, [accountId, now]);
    await m.query(`UPDATE rotation.service_account_secrets SET valid_until = $2 WHERE account_id = $1 AND valid_until IS NULL`, [accountId, graceUntil]);
  }

  /**
   * A staged rotation has made `keepHash` current: every other secret stops at `graceUntil` (the
   * overlap), and one already ending sooner keeps its earlier end, so at most two work.
   */
  async retireAllBut(m: EntityManager, accountId: string, keepHash: string, graceUntil: Date): Promise<void> {
    await m.query(
      `UPDATE rotation.service_account_secrets SET valid_until = $3 WHERE account_id = $1 AND secret_hash <> $2 AND (valid_until IS NULL OR valid_until > $3)`,
      [accountId, keepHash, graceUntil],
    );
  }

  /** Active accounts whose secret the platform writes to a store (and so rotates by itself). */
  async activeWithStore(): Promise<ServiceAccountRow[]> {
    return this.dataSource.query(`SELECT * FROM rotation.service_accounts_v1 WHERE status = 'active' AND secret_ref IS NOT NULL`);
  }

  async expireSecrets(m: EntityManager, accountId: string, now: Date): Promise<void> {
    await m.query(`UPDATE rotation.service_account_secrets SET valid_until = $2 WHERE account_id = $1 AND (valid_until IS NULL OR valid_until > $2)`, [
      accountId,
      now,
    ]);
  }

  async validSecretHashes(accountId: string, now: Date): Promise<string[]> {
    const rows: Array<{ secret_hash: string }> = await this.dataSource.query(
      `SELECT secret_hash FROM rotation.service_account_secrets WHERE account_id = $1 AND (valid_until IS NULL OR valid_until > $2)`,
      [accountId, now],
    );
    return rows.map((r) => r.secret_hash);
  }

  async claimReminder(what: string, subjectId: string, dueAt: Date, m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO rotation.rotation_reminders (what, subject_id, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING subject_id`,
      [what, subjectId, dueAt],
    );
    return rows.length > 0;
  }
}
