/**
 * The mfa_token of a login waiting for its second factor: opaque, stored only as a SHA-256 hash,
 * bound to one user and valid for MFA_TOKEN_TTL_MS. A challenge claims it with one conditional
 * UPDATE (so two concurrent challenges cannot both use it); a wrong code hands it back for another
 * try (the lockout bounds the tries), a completed login leaves it spent.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';

export const MFA_TOKEN_TTL_MS = 5 * 60_000;

@Injectable()
export class MfaChallengesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async open(tokenHash: string, userId: string, now: Date): Promise<void> {
    // Expired rows go as new ones arrive: the table stays as small as the logins in flight.
    await this.dataSource.query(`DELETE FROM auth.mfa_challenges WHERE expires_at < $1`, [now]);
    await this.dataSource.query(
      `INSERT INTO auth.mfa_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [tokenHash, userId, now, new Date(now.getTime() + MFA_TOKEN_TTL_MS)],
    );
  }

  /** The user the token is bound to, if it is unspent and unexpired; it is spent from now on. */
  async claim(tokenHash: string, now: Date): Promise<string | undefined> {
    // UPDATE answers [rows, affected] through TypeORM's Postgres driver.
    const [rows]: [Array<{ user_id: string }>, number] = await this.dataSource.query(
      `UPDATE auth.mfa_challenges SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
      [tokenHash, now],
    );
    return rows[0]?.user_id;
  }

  /** A wrong second factor: the token may be tried again until it expires. */
  async release(tokenHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE auth.mfa_challenges SET used_at = NULL WHERE token_hash = $1`, [tokenHash]);
  }
}
