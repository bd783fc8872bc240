/** SQL of passkeys: registration challenges and the credential columns of users.mfa_factors. */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@tr4ction/platform';

export interface NewPasskey {
  id: string;
  user_id: string;
  label: string;
  credential_id: string;
  public_key: string;
  sign_count: number;
  transports: string[];
  created_at: Date;
}

@Injectable()
export class WebauthnRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** One registration in flight per user: new options replace the previous challenge. */
  async saveRegistrationChallenge(userId: string, challenge: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO users.webauthn_registrations (user_id, challenge, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at`,
      [userId, challenge, expiresAt],
    );
  }

  /** The challenge, spent by this read (single use, even when the response then fails); undefined when none is live. */
  async takeRegistrationChallenge(userId: string, now: Date): Promise<string | undefined> {
    const [rows]: [Array<{ challenge: string; expires_at: Date }>, number] = await this.dataSource.query(
      `DELETE FROM users.webauthn_registrations WHERE user_id = $1 RETURNING challenge, expires_at`,
      [userId],
    );
    const row = rows[0];
    return row && new Date(row.expires_at).getTime() > now.getTime() ? row.challenge : undefined;
  }

  /** False when the credential is already registered (to this or another account). */
  async insertPasskey(m: EntityManager, p: NewPasskey): Promise<boolean> {
    // INSERT answers its rows directly through TypeORM's Postgres driver (UPDATE and DELETE: [rows, affected]).
    const rows: unknown[] = await m.query(
      `INSERT INTO users.mfa_factors (id, user_id, type, label, created_at, confirmed_at, webauthn_credential_id, webauthn_public_key, webauthn_sign_count, webauthn_transports)
       VALUES ($1, $2, 'webauthn', $3, $4, $4, $5, $6, $7, $8)
       ON CONFLICT (webauthn_credential_id) WHERE webauthn_credential_id IS NOT NULL DO NOTHING RETURNING id`,
      [p.id, p.user_id, p.label, p.created_at, p.credential_id, p.public_key, p.sign_count, p.transports],
    );
    return rows.length === 1;
  }

  /**
   * Records a verified assertion: the counter moves only from the value the check was made
   * against, so two replicas verifying the same assertion cannot both accept it.
   */
  async acceptAssertion(m: EntityManager, factorId: string, previousCount: number, newCount: number, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE users.mfa_factors SET webauthn_sign_count = $3, last_used_at = $4
        WHERE id = $1 AND type = 'webauthn' AND webauthn_sign_count = $2 RETURNING id`,
      [factorId, previousCount, newCount, now],
    );
    return rows.length === 1;
  }
}
