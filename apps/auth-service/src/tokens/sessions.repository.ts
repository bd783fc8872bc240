import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';
import { refreshTokenInsert, type NewRefreshToken } from './refresh-tokens.repository';
import { uuidParam } from './uuid-param';

export interface SessionRow {
  /** The refresh family id, and the `sid` of its access tokens. */
  id: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date;
  /** The family's absolute end as stamped at sign-in (refresh_token_ttl_seconds then). */
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export type NewSession = Pick<SessionRow, 'id' | 'user_id' | 'created_at' | 'expires_at' | 'ip' | 'user_agent'>;

/** Which of a user's live sessions to end: one, every one but one, or all (optionally only those started by a time). */
export interface SessionSelection {
  userId: string;
  sessionId?: string;
  exceptSessionId?: string;
  startedBy?: Date;
}

/** SQL access to auth.sessions. Ending a session takes its row lock, the same lock a refresh takes. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * A new session and its first refresh token, in one statement: a sign-in's writes cost one round
   * trip fewer than two INSERTs. The token's INSERT is RefreshTokensRepository's ($1 to $9); the
   * session's parameters follow it.
   */
  async open(m: EntityManager, s: NewSession, firstToken: NewRefreshToken): Promise<void> {
    const token = refreshTokenInsert(firstToken);
    await m.query(
      `WITH session AS (
         INSERT INTO auth.sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent) VALUES ($10, $11, $12, $12, $13, $14, $15)
       )
       ${token.sql}`,
      [...token.params, s.id, s.user_id, s.created_at, s.expires_at, s.ip, s.user_agent],
    );
  }

  /** Locks the row: a refresh and an end of one session are serialised, so neither misses the other. */
  async lock(m: EntityManager, id: string): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await m.query(`SELECT * FROM auth.sessions WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async touch(m: EntityManager, id: string, at: Date, ip: string | null, userAgent: string | null): Promise<void> {
    // The latest address and agent are what a user recognises; a refresh without them keeps the old ones.
    await m.query(`UPDATE auth.sessions SET last_used_at = $2, ip = COALESCE($3, ip), user_agent = COALESCE($4, user_agent) WHERE id = $1`, [
      id,
      at,
      ip,
      userAgent,
    ]);
  }

  /** Sessions a user still has: not ended, not past their absolute end, not idle for longer than the timeout. */
  async listLive(userId: string, now: Date, idleSince: Date, startedAfter: Date): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT * FROM auth.sessions
       WHERE user_id = $1::uuid AND revoked_at IS NULL AND expires_at > $2 AND last_used_at > $3 AND created_at > $4
       ORDER BY last_used_at DESC, id`,
      [uuidParam(userId), now, idleSince, startedAfter],
    );
  }

  /** Marks the selected live sessions ended and answers their ids (locked until the caller commits). */
  async end(m: EntityManager, sel: SessionSelection, at: Date, reason: string): Promise<string[]> {
    // UPDATE ... RETURNING answers [rows, affected] through TypeORM's Postgres driver.
    const [rows]: [Array<{ id: string }>, number] = await m.query(
      `UPDATE auth.sessions SET revoked_at = $2, revoke_reason = $3
       WHERE user_id = $1::uuid AND revoked_at IS NULL
         AND ($4::uuid IS NULL OR id = $4::uuid)
         AND ($5::uuid IS NULL OR id <> $5::uuid)
         AND ($6::timestamptz IS NULL OR created_at <= $6::timestamptz)
       RETURNING id`,
      [uuidParam(sel.userId), at, reason, sel.sessionId ?? null, sel.exceptSessionId ?? null, sel.startedBy ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Sessions ended since `since`: the gateways reject their access tokens by `sid` while any may be live. */
  async endedSince(since: Date): Promise<Array<{ id: string; revoked_at: Date }>> {
    return this.dataSource.query(`SELECT id, revoked_at FROM auth.sessions WHERE revoked_at > $1`, [since]);
  }
}
