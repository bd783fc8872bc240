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
/** A passkey ceremony's challenge lives this long (the browser's timeout), within the token's life. */
export const WEBAUTHN_CHALLENGE_TTL_MS = 2 * 60_000;

/** What a claim hands over: the user, and the passkey challenge issued for this token if one is live. */
export interface ClaimedChallenge {
  userId: string;
  webauthnChallenge: string | null;
}

@Injectable()
export class MfaChallengesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async open(tokenHash: string, userId: string, now: Date): Promise<void> {
    // Expired rows go as new ones arrive: the table stays as small as the logins in flight.
    await this.dataSource.query(`DELETE FROM auth.mfa_challenges WHERE expires_at < $1`, [now]);
    await this.dataSource.query(`INSERT INTO auth.mfa_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`, [
      tokenHash,
      userId,
      now,
      new Date(now.getTime() + MFA_TOKEN_TTL_MS),
    ]);
  }

  /** The user of an unspent, unexpired token, without spending it (for passkey options). */
  async peek(tokenHash: string, now: Date): Promise<string | undefined> {
    const rows: Array<{ user_id: string }> = await this.dataSource.query(
      `SELECT user_id FROM auth.mfa_challenges WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0]?.user_id;
  }

  /** Binds a passkey challenge to the token (replacing an earlier one); false when the token is no longer usable. */
  async attachWebauthnChallenge(tokenHash: string, challenge: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE auth.mfa_challenges SET webauthn_challenge = $2, webauthn_challenge_expires_at = $3
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $4 RETURNING user_id`,
      [tokenHash, challenge, new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_MS), now],
    );
    return rows.length === 1;
  }

  /**
   * The user the token is bound to, if it is unspent and unexpired; it is spent from now on. The
   * passkey challenge goes with the claim (its old value returned, the column cleared), so an
   * assertion is checked against a challenge at most once.
   */
  async claim(tokenHash: string, now: Date): Promise<ClaimedChallenge | undefined> {
    // UPDATE answers [rows, affected] through TypeORM's Postgres driver.
    const [rows]: [Array<{ user_id: string; webauthn_challenge: string | null; webauthn_challenge_expires_at: Date | null }>, number] =
      await this.dataSource.query(
        `UPDATE auth.mfa_challenges c SET used_at = $2, webauthn_challenge = NULL, webauthn_challenge_expires_at = NULL
         FROM (SELECT token_hash, webauthn_challenge, webauthn_challenge_expires_at FROM auth.mfa_challenges WHERE token_hash = $1 FOR UPDATE) old
        WHERE c.token_hash = old.token_hash AND c.used_at IS NULL AND c.expires_at > $2
        RETURNING c.user_id, old.webauthn_challenge, old.webauthn_challenge_expires_at`,
        [tokenHash, now],
      );
    const row = rows[0];
    if (!row) return undefined;
    const live =
      row.webauthn_challenge !== null && row.webauthn_challenge_expires_at !== null && new Date(row.webauthn_challenge_expires_at).getTime() > now.getTime();
    return { userId: row.user_id, webauthnChallenge: live ? row.webauthn_challenge : null };
  }

  /** A wrong second factor: the token may be tried again until it expires. */
  async release(tokenHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE auth.mfa_challenges SET used_at = NULL WHERE token_hash = $1`, [tokenHash]);
  }
}
