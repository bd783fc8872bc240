import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlStatement } from '@tr4ction/messaging';
import { DATA_SOURCE } from '@tr4ction/platform';
import { uuidParam } from './uuid-param';

export interface RefreshTokenRow {
  token_hash: string;
  family_id: string;
  user_id: string;
  roles: string[];
  scope: string;
  issued_at: Date;
  /** The family's absolute end, inherited by every token rotated from it. */
  expires_at: Date;
  spent_at: Date | null;
  revoked_at: Date | null;
  access_jti: string | null;
  access_expires_at: Date | null;
}

export type NewRefreshToken = Pick<
  RefreshTokenRow,
  'token_hash' | 'family_id' | 'user_id' | 'roles' | 'scope' | 'issued_at' | 'expires_at' | 'access_jti' | 'access_expires_at'
>;

/** SQL access to refresh tokens: stored only as SHA-256 hashes, grouped in rotation families. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async insert(m: EntityManager, t: NewRefreshToken): Promise<void> {
    const insert = refreshTokenInsert(t);
    await m.query(insert.sql, insert.params);
  }

  async find(hash: string, m: EntityManager = this.dataSource.manager): Promise<RefreshTokenRow | undefined> {
    const rows: RefreshTokenRow[] = await m.query(`SELECT * FROM auth.refresh_tokens WHERE token_hash = $1`, [hash]);
    return rows[0];
  }

  /** Locks the row: of two refreshes with one token, the second waits and then sees it spent. */
  async lock(m: EntityManager, hash: string): Promise<RefreshTokenRow | undefined> {
    const rows: RefreshTokenRow[] = await m.query(`SELECT * FROM auth.refresh_tokens WHERE token_hash = $1 FOR UPDATE`, [hash]);
    return rows[0];
  }

  async markSpent(m: EntityManager, hash: string, at: Date): Promise<void> {
    await m.query(`UPDATE auth.refresh_tokens SET spent_at = $2 WHERE token_hash = $1`, [hash, at]);
  }

  /** Revokes every token of a family; returns the access tokens it produced that are still live. */
  async revokeFamily(m: EntityManager, familyId: string, at: Date): Promise<Array<{ access_jti: string; access_expires_at: Date }>> {
    await m.query(`UPDATE auth.refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, at]);
    return m.query(`SELECT access_jti, access_expires_at FROM auth.refresh_tokens WHERE family_id = $1 AND access_jti IS NOT NULL AND access_expires_at > $2`, [
      familyId,
      at,
    ]);
  }

  async familyOfAccessToken(m: EntityManager, jti: string, userId: string): Promise<string | undefined> {
    const rows: Array<{ family_id: string }> = await m.query(`SELECT family_id FROM auth.refresh_tokens WHERE access_jti = $1 AND user_id = $2::uuid LIMIT 1`, [
      jti,
      uuidParam(userId),
    ]);
    return rows[0]?.family_id;
  }

  async revokeUserFamilies(m: EntityManager, userId: string, at: Date): Promise<number> {
    // UPDATE answers [rows, affected] through TypeORM's Postgres driver.
    const [, affected]: [unknown[], number] = await m.query(`UPDATE auth.refresh_tokens SET revoked_at = $2 WHERE user_id = $1::uuid AND revoked_at IS NULL`, [
      uuidParam(userId),
      at,
    ]);
    return affected;
  }
}

/** The INSERT of one refresh token, parameters $1 to $9: a rotation runs it alone, a sign-in with its session (SessionsRepository.open). */
export function refreshTokenInsert(t: NewRefreshToken): SqlStatement {
  return {
    sql: `INSERT INTO auth.refresh_tokens (token_hash, family_id, user_id, roles, scope, issued_at, expires_at, access_jti, access_expires_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    params: [t.token_hash, t.family_id, t.user_id, t.roles, t.scope, t.issued_at, t.expires_at, t.access_jti, t.access_expires_at],
  };
}
