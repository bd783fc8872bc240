import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';
import { uuidParam } from './uuid-param';

/** SQL access to the revocation tables (denied jtis, per-subject and global cutoffs). */
@Injectable()
export class RevocationRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** True when this call added the denial (a second logout with one token changes nothing). */
  async deny(m: EntityManager, issuer: string, jti: string, expiresAt: Date, revokedAt: Date, reason: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO auth.revoked_tokens (issuer, jti, expires_at, revoked_at, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING jti`,
      [issuer, jti, expiresAt, revokedAt, reason],
    );
    return rows.length > 0;
  }

  /** Moves a subject's cutoff forward (never back); returns the cutoff in force. */
  async raiseUserCutoff(m: EntityManager, userId: string, notBefore: Date): Promise<Date> {
    const rows: Array<{ not_before: Date }> = await m.query(
      `INSERT INTO auth.user_token_cutoffs (user_id, not_before) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET not_before = GREATEST(auth.user_token_cutoffs.not_before, EXCLUDED.not_before)
       RETURNING not_before`,
      [userId, notBefore],
    );
    return rows[0].not_before;
  }

  async raiseGlobalCutoff(m: EntityManager, notBefore: Date, reason: string): Promise<Date> {
    const rows: Array<{ not_before: Date }> = await m.query(
      `INSERT INTO auth.global_token_cutoff (id, not_before, reason) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET not_before = GREATEST(auth.global_token_cutoff.not_before, EXCLUDED.not_before), reason = EXCLUDED.reason
       RETURNING not_before`,
      [notBefore, reason],
    );
    return rows[0].not_before;
  }

  /**
   * The newest cutoff that applies to a subject: its own or the global one. Every login, refresh and
   * client-credentials grant asks, so it is a primary-key lookup (uuidParam: a subject id that is no
   * uuid has no cutoff of its own).
   */
  async cutoffFor(subjectId: string, m: EntityManager = this.dataSource.manager): Promise<Date | undefined> {
    const rows: Array<{ not_before: Date | null }> = await m.query(
      `SELECT GREATEST(
         (SELECT not_before FROM auth.global_token_cutoff WHERE id = 1),
         (SELECT not_before FROM auth.user_token_cutoffs WHERE user_id = $1::uuid)
       ) AS not_before`,
      [uuidParam(subjectId)],
    );
    return rows[0]?.not_before ?? undefined;
  }

  async liveDenials(now: Date): Promise<Array<{ jti: string; expires_at: Date }>> {
    return this.dataSource.query(`SELECT jti, expires_at FROM auth.revoked_tokens WHERE expires_at > $1`, [now]);
  }

  async recentUserCutoffs(since: Date): Promise<Array<{ user_id: string; not_before: Date }>> {
    return this.dataSource.query(`SELECT user_id, not_before FROM auth.user_token_cutoffs WHERE not_before > $1`, [since]);
  }

  async globalCutoff(): Promise<Date | undefined> {
    const rows: Array<{ not_before: Date }> = await this.dataSource.query(`SELECT not_before FROM auth.global_token_cutoff WHERE id = 1`);
    return rows[0]?.not_before;
  }

  async pruneExpired(now: Date): Promise<number> {
    // DELETE answers [rows, affected] through TypeORM's Postgres driver.
    const [, affected]: [unknown[], number] = await this.dataSource.query(`DELETE FROM auth.revoked_tokens WHERE expires_at < $1`, [now]);
    return affected;
  }
}
