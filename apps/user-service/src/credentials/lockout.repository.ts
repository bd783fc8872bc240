/**
 * The login counters of users_v1, changed only under the row's lock (SELECT ... FOR UPDATE), so
 * the decision and its write are one atomic step on any number of replicas.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { PasswordPolicy } from '@tr4ction/security';
import type { SqlStatement } from '@tr4ction/messaging';
import { DATA_SOURCE } from '@tr4ction/platform';
import { normalizeEmail } from '../users/user.projector';
import type { UserRow } from '../users/users.repository';
import { decideAttempt, type AttemptDecision } from './login-attempt.decider';

/** What a login attempt found, decided and recorded, in one transaction. */
export type Reservation =
  | { kind: 'unknown' }
  | { kind: 'inactive'; user: UserRow }
  | {
      kind: 'decided';
      user: UserRow;
      decision: AttemptDecision;
      passwordHash?: string;
      /** Whether the user had a confirmed second factor when the attempt was reserved (undefined: not read). */
      hasConfirmedFactor?: boolean;
    };

@Injectable()
export class LockoutRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Finds the account by email and decides the attempt under its row lock. Every outcome commits
   * one write before any hash is checked (the counted attempt; for unknown emails a counter keyed
   * by the email's hash; otherwise a write that changes nothing), so no outcome is quicker than
   * another and timing does not reveal which emails have accounts.
   */
  async reserve(email: string, policy: PasswordPolicy, now: Date): Promise<Reservation> {
    return this.dataSource.transaction(async (m) => {
      // The second factors are read here too, in the same round trip: a login that reserved its
      // attempt before a factor was confirmed finishes as it began, like one that ended just before.
      const rows: Array<UserRow & { cred_hash: string | null; has_confirmed_factor: boolean }> = await m.query(
        `SELECT u.*, c.password_hash AS cred_hash,
                EXISTS (SELECT 1 FROM users.mfa_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS has_confirmed_factor
           FROM users.users_v1 u LEFT JOIN users.credentials c ON c.user_id = u.id
          WHERE u.email_normalized = $1 FOR UPDATE OF u`,
        [normalizeEmail(email)],
      );
      const found = rows[0];
      if (!found) {
        await m.query(
          `INSERT INTO users.unknown_login_attempts (email_hash, attempts, last_attempt_at) VALUES ($1, 1, $2)
           ON CONFLICT (email_hash) DO UPDATE SET attempts = users.unknown_login_attempts.attempts + 1, last_attempt_at = $2`,
          [createHash('sha256').update(normalizeEmail(email)).digest('hex'), now],
        );
        return { kind: 'unknown' };
      }
      const { cred_hash: passwordHash, has_confirmed_factor: hasConfirmedFactor, ...user } = found;
      const reservation = await this.decide(m, user, policy, now, passwordHash ?? undefined);
      return reservation.kind === 'decided' ? { ...reservation, hasConfirmedFactor } : reservation;
    });
  }

  /**
   * The same reservation for the second step of a login (a TOTP or recovery code): wrong codes
   * count towards the one lockout that wrong passwords count towards, under the same row lock.
   */
  async reserveForUser(userId: string, policy: PasswordPolicy, now: Date): Promise<Reservation> {
    return this.dataSource.transaction(async (m) => {
      const rows: UserRow[] = await m.query(`SELECT * FROM users.users_v1 WHERE id = $1 FOR UPDATE`, [userId]);
      if (!rows[0]) return { kind: 'unknown' };
      return this.decide(m, rows[0], policy, now);
    });
  }

  private async decide(m: EntityManager, user: UserRow, policy: PasswordPolicy, now: Date, passwordHash?: string): Promise<Reservation> {
    if (user.status !== 'active') {
      await this.touch(m, user.id);
      return { kind: 'inactive', user };
    }
    const decision = decideAttempt(
      {
        failed_attempts: user.failed_attempts,
        locked_until: user.locked_until && new Date(user.locked_until),
        last_attempt_at: user.last_attempt_at && new Date(user.last_attempt_at),
      },
      policy,
      now,
    );
    if (decision.kind === 'reserved') {
      const { failed_attempts, locked_until, last_attempt_at } = decision.next;
      await m.query(`UPDATE users.users_v1 SET failed_attempts = $2, locked_until = $3, last_attempt_at = $4 WHERE id = $1`, [
        user.id,
        failed_attempts,
        locked_until,
        last_attempt_at,
      ]);
      return { kind: 'decided', user, decision, passwordHash };
    }
    if (decision.kind === 'locked' && decision.lockUntil)
      await m.query(`UPDATE users.users_v1 SET locked_until = $2 WHERE id = $1`, [user.id, decision.lockUntil]);
    else await this.touch(m, user.id);
    return { kind: 'decided', user, decision };
  }

  /** A write that changes nothing: keeps refused attempts as costly as counted ones (see reserve). */
  private async touch(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE users.users_v1 SET failed_attempts = failed_attempts WHERE id = $1`, [userId]);
  }

  /** Unknown-email counters of the last day are enough to spot a sweep; older ones go. */
  async pruneUnknown(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM users.unknown_login_attempts WHERE last_attempt_at < $1`, [before]);
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
    const reset = this.resetStatement(userId);
    await m.query(reset.sql, reset.params);
  }

  /** The counters' reset after a success, for a caller that records it with its event in one statement. */
  resetStatement(userId: string): SqlStatement {
    return { sql: `UPDATE users.users_v1 SET failed_attempts = 0, locked_until = NULL, last_attempt_at = NULL WHERE id = $1`, params: [userId] };
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
