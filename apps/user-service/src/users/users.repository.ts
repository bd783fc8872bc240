import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';
import { normalizeEmail } from './user.projector';

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  status: string;
  must_change_password: boolean;
  password_expires_at: Date | null;
  failed_attempts: number;
  locked_until: Date | null;
  last_attempt_at: Date | null;
  created_at: Date;
  version: number;
}

export interface CredentialRow {
  password_hash: string;
  history: string[];
}

/** SQL access to the users projection and the credentials table. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async findByEmail(email: string, m: EntityManager = this.dataSource.manager): Promise<UserRow | undefined> {
    const rows: UserRow[] = await m.query(`SELECT * FROM users.users_v1 WHERE email_normalized = $1`, [normalizeEmail(email)]);
    return rows[0];
  }

  async findById(id: string, m: EntityManager = this.dataSource.manager): Promise<UserRow | undefined> {
    const rows: UserRow[] = await m.query(`SELECT * FROM users.users_v1 WHERE id = $1`, [id]);
    return rows[0];
  }

  async emailTaken(email: string, m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM users.users_v1 WHERE email_normalized = $1`, [normalizeEmail(email)]);
    return rows.length > 0;
  }

  async credentials(userId: string, m: EntityManager = this.dataSource.manager): Promise<CredentialRow | undefined> {
    const rows: CredentialRow[] = await m.query(`SELECT password_hash, history FROM users.credentials WHERE user_id = $1`, [userId]);
    return rows[0];
  }

  async saveCredentials(m: EntityManager, userId: string, hash: string, keepHistory: number): Promise<void> {
    // The new hash goes first in history; only the most recent `keepHistory` are kept.
    await m.query(
      `INSERT INTO users.credentials (user_id, password_hash, history) VALUES ($1, $2, ARRAY[$2])
       ON CONFLICT (user_id) DO UPDATE SET password_hash = $2,
         history = (ARRAY[$2] || users.credentials.history)[1:GREATEST($3, 1)], updated_at = now()`,
      [userId, hash, keepHistory],
    );
  }

  /** The same password rehashed with the current parameters, wherever its old hash is kept. */
  async replaceHash(userId: string, oldHash: string, newHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE users.credentials SET password_hash = $3, history = array_replace(history, $2, $3), updated_at = now() WHERE user_id = $1 AND password_hash = $2`,
      [userId, oldHash, newHash],
    );
  }

  /** Keyset page in id order: ids are UUIDv7, so this is creation order and needs only the primary key. */
  async list(limit: number, afterId?: string): Promise<UserRow[]> {
    if (afterId) return this.dataSource.query(`SELECT * FROM users.users_v1 WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
    return this.dataSource.query(`SELECT * FROM users.users_v1 ORDER BY id LIMIT $1`, [limit]);
  }

  /** A temporary password (admin create or reset) replaces the hash but never enters the history. */
  async saveTemporaryCredentials(m: EntityManager, userId: string, hash: string): Promise<void> {
    await m.query(
      `INSERT INTO users.credentials (user_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = $2, updated_at = now()`,
      [userId, hash],
    );
  }

  /** Every credential of a deleted account: the password hash, second factors and recovery codes. */
  async deleteCredentials(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM users.credentials WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM users.mfa_factors WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM users.mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }

  /** Ids of the admins, their rows locked: the "one admin must remain" check cannot race. */
  async lockAdmins(m: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(`SELECT id FROM users.users_v1 WHERE 'admin' = ANY(roles) ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }
}
