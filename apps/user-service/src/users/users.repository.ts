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

  async replaceHash(userId: string, hash: string): Promise<void> {
    await this.dataSource.query(`UPDATE users.credentials SET password_hash = $2, history[1] = $2, updated_at = now() WHERE user_id = $1`, [userId, hash]);
  }

  /**
   * Reserves one login attempt atomically before any password is verified: the counter moves
   * first, so concurrent wrong attempts can never verify more passwords than the threshold,
   * on any number of replicas. Returns the attempt number, or null when the account is locked.
   */
  async reserveAttempt(userId: string, maxFailures: number, now: Date): Promise<number | null> {
    // TypeORM answers UPDATE ... RETURNING with [rows, affectedCount].
    const [rows]: [Array<{ failed_attempts: number }>, number] = await this.dataSource.query(
      `UPDATE users.users_v1
          SET failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $3 THEN 1 ELSE failed_attempts + 1 END,
              locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $3 THEN NULL ELSE locked_until END
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $3)
          AND (CASE WHEN locked_until IS NOT NULL AND locked_until <= $3 THEN 0 ELSE failed_attempts END) < $2
        RETURNING failed_attempts`,
      [userId, maxFailures, now],
    );
    return rows[0]?.failed_attempts ?? null;
  }

  async resetAttempts(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE users.users_v1 SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [userId]);
  }

  async lock(m: EntityManager, userId: string, until: Date): Promise<void> {
    await m.query(`UPDATE users.users_v1 SET locked_until = $2 WHERE id = $1`, [userId, until]);
  }

  async list(limit: number, after?: { created_at: string; id: string }): Promise<UserRow[]> {
    if (after) {
      return this.dataSource.query(`SELECT * FROM users.users_v1 WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT $3`, [after.created_at, after.id, limit]);
    }
    return this.dataSource.query(`SELECT * FROM users.users_v1 ORDER BY created_at, id LIMIT $1`, [limit]);
  }
}
