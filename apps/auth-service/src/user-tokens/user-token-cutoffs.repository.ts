import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';

export interface UserTokenCutoff {
  user_id: string;
  /** Seconds since the epoch: tokens with an earlier `iat` are void. */
  not_before: number;
}

@Injectable()
export class UserTokenCutoffsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async set(m: EntityManager, userId: string, notBeforeSeconds: number): Promise<void> {
    await m.query(
      `INSERT INTO auth.user_token_cutoffs (user_id, not_before) VALUES ($1, to_timestamp($2))
       ON CONFLICT (user_id) DO UPDATE SET not_before = GREATEST(auth.user_token_cutoffs.not_before, EXCLUDED.not_before), updated_at = now()`,
      [userId, notBeforeSeconds],
    );
  }

  /** Revokes every live refresh token of the user; returns how many. */
  async revokeRefreshTokens(m: EntityManager, userId: string, at: Date): Promise<number> {
    const [, count]: [unknown, number] = await m.query(
      `UPDATE auth.refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND spent_at IS NULL`,
      [userId, at],
    );
    return count;
  }

  async get(userId: string): Promise<number | undefined> {
    const rows: Array<{ s: string }> = await this.dataSource.query(`SELECT extract(epoch FROM not_before)::bigint AS s FROM auth.user_token_cutoffs WHERE user_id = $1`, [userId]);
    return rows[0] ? Number(rows[0].s) : undefined;
  }

  async since(sinceSeconds: number): Promise<UserTokenCutoff[]> {
    const rows: Array<{ user_id: string; s: string }> = await this.dataSource.query(
      `SELECT user_id, extract(epoch FROM not_before)::bigint AS s FROM auth.user_token_cutoffs WHERE not_before >= to_timestamp($1) ORDER BY not_before`,
      [sinceSeconds],
    );
    return rows.map((r) => ({ user_id: r.user_id, not_before: Number(r.s) }));
  }
}
