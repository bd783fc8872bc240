/**
 * The login counters of users_v1, changed only under the row's lock (SELECT ... FOR UPDATE), so
 * the decision and its write are one atomic step on any number of replicas.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { PasswordPolicy } from '@tr4ction/security';
import { DATA_SOURCE } from '@tr4ction/platform';
import { decideAttempt, type AttemptDecision, type AttemptState } from './login-attempt.decider';

export interface ReservedCredentials {
  decision: AttemptDecision;
  /** Present only for a reserved attempt: the hash to verify against. */
  passwordHash?: string;
}

@Injectable()
export class LockoutRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Decides and records the attempt in one transaction; null when the account vanished meanwhile. */
  async reserve(userId: string, policy: PasswordPolicy, now: Date): Promise<ReservedCredentials | null> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<AttemptState & { password_hash: string | null }> = await m.query(
        `SELECT u.failed_attempts, u.locked_until, u.last_attempt_at, c.password_hash
           FROM users.users_v1 u LEFT JOIN users.credentials c ON c.user_id = u.id
          WHERE u.id = $1 FOR UPDATE OF u`,
        [userId],
      );
      const row = rows[0];
      if (!row) return null;
      const decision = decideAttempt(
        { failed_attempts: row.failed_attempts, locked_until: row.locked_until && new Date(row.locked_until), last_attempt_at: row.last_attempt_at && new Date(row.last_attempt_at) },
        policy,
        now,
      );
      if (decision.kind === 'reserved') {
        const { failed_attempts, locked_until, last_attempt_at } = decision.next;
        await m.query(`UPDATE users.users_v1 SET failed_attempts = $2, locked_until = $3, last_attempt_at = $4 WHERE id = $1`, [userId, failed_attempts, locked_until, last_attempt_at]);
        return { decision, passwordHash: row.password_hash ?? undefined };
      }
      if (decision.kind === 'locked' && decision.lockUntil) {
        await m.query(`UPDATE users.users_v1 SET locked_until = $2 WHERE id = $1`, [userId, decision.lockUntil]);
      }
      return { decision };
    });
  }

  /**
   * Gives back an attempt that verified nothing (the hasher was overloaded): a load spike must not
   * count as wrong passwords and lock accounts. The lock it placed goes only if still its own.
   */
  async release(userId: string, placedLock: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE users.users_v1 SET failed_attempts = GREATEST(failed_attempts - 1, 0),
              locked_until = CASE WHEN $2::timestamptz IS NOT NULL AND locked_until = $2::timestamptz THEN NULL ELSE locked_until END
        WHERE id = $1`,
      [userId, placedLock],
    );
  }

  async reset(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE users.users_v1 SET failed_attempts = 0, locked_until = NULL, last_attempt_at = NULL WHERE id = $1`, [userId]);
  }

  /** Clears the counters; returns what they were, so the caller records an unlock only when one happened. */
  async unlock(m: EntityManager, userId: string, now: Date): Promise<{ wasLocked: boolean; failedAttempts: number } | null> {
    const rows: Array<{ failed_attempts: number; locked_until: Date | null }> = await m.query(
      `SELECT failed_attempts, locked_until FROM users.users_v1 WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    if (!rows[0]) return null;
    await this.reset(m, userId);
    const lockedUntil = rows[0].locked_until ? new Date(rows[0].locked_until) : null;
    return { wasLocked: lockedUntil !== null && lockedUntil.getTime() > now.getTime(), failedAttempts: rows[0].failed_attempts };
  }
}
