/** SQL access to second factors and recovery codes (schema `users`, owned by user-service). */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { MfaFactorType } from '@tr4ction/contracts';
import { DATA_SOURCE } from '@tr4ction/platform';

export interface MfaFactorRow {
  id: string;
  user_id: string;
  type: MfaFactorType;
  label: string;
  /** TOTP only; a passkey keeps no secret here. */
  secret_encrypted: string | null;
  created_at: Date;
  confirmed_at: Date | null;
  last_used_at: Date | null;
  /** bigint arrives as a string from pg; see toStep. */
  last_used_step: string | number | null;
  /** Passkeys only (base64url; the counter is a bigint string from pg). */
  webauthn_credential_id?: string | null;
  webauthn_public_key?: string | null;
  webauthn_sign_count?: string | number | null;
  webauthn_transports?: string[] | null;
}

export function toStep(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

@Injectable()
export class MfaRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Serialises MFA changes of one user (first enrolment, last factor removed) on every replica. */
  async lockUser(m: EntityManager, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT id FROM users.users_v1 WHERE id = $1 FOR UPDATE`, [userId]);
    return rows.length > 0;
  }

  async confirmedFactors(userId: string, m: EntityManager = this.dataSource.manager): Promise<MfaFactorRow[]> {
    return m.query(`SELECT * FROM users.mfa_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at, id`, [userId]);
  }

  async factor(userId: string, id: string, m: EntityManager = this.dataSource.manager): Promise<MfaFactorRow | undefined> {
    const rows: MfaFactorRow[] = await m.query(`SELECT * FROM users.mfa_factors WHERE user_id = $1 AND id = $2`, [userId, id]);
    return rows[0];
  }

  /** A new pending factor replaces the user's earlier pending ones (an abandoned QR code is dead). */
  async insertPending(
    m: EntityManager,
    row: Pick<MfaFactorRow, 'id' | 'user_id' | 'type' | 'label' | 'created_at'> & { secret_encrypted: string },
  ): Promise<void> {
    await m.query(`DELETE FROM users.mfa_factors WHERE user_id = $1 AND confirmed_at IS NULL`, [row.user_id]);
    await m.query(`INSERT INTO users.mfa_factors (id, user_id, type, label, secret_encrypted, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.id,
      row.user_id,
      row.type,
      row.label,
      row.secret_encrypted,
      row.created_at,
    ]);
  }

  /** Confirms a pending factor with the step of its first code (which can then not be replayed at login). */
  async confirm(m: EntityManager, id: string, step: number, now: Date): Promise<boolean> {
    // UPDATE and DELETE answer [rows, affected] through TypeORM's Postgres driver.
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE users.mfa_factors SET confirmed_at = $3, last_used_step = $2 WHERE id = $1 AND confirmed_at IS NULL RETURNING id`,
      [id, step, now],
    );
    return rows.length === 1;
  }

  /**
   * Accepts a time step only if it is newer than the last accepted one: the condition and the
   * write are one statement, so two replicas given the same code cannot both accept it.
   */
  async acceptStep(m: EntityManager, id: string, step: number, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE users.mfa_factors SET last_used_step = $2, last_used_at = $3
        WHERE id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2) RETURNING id`,
      [id, step, now],
    );
    return rows.length === 1;
  }

  async deleteFactor(m: EntityManager, userId: string, id: string): Promise<MfaFactorRow | undefined> {
    const [rows]: [MfaFactorRow[], number] = await m.query(`DELETE FROM users.mfa_factors WHERE user_id = $1 AND id = $2 RETURNING *`, [userId, id]);
    return rows[0];
  }

  /** Every factor (pending or confirmed) and every recovery code of the user; returns how many confirmed factors went. */
  async deleteAll(m: EntityManager, userId: string): Promise<number> {
    const [rows]: [Array<{ confirmed_at: Date | null }>, number] = await m.query(`DELETE FROM users.mfa_factors WHERE user_id = $1 RETURNING confirmed_at`, [
      userId,
    ]);
    await m.query(`DELETE FROM users.mfa_recovery_codes WHERE user_id = $1`, [userId]);
    return rows.filter((r) => r.confirmed_at !== null).length;
  }

  async replaceRecoveryCodes(m: EntityManager, userId: string, hashes: string[], now: Date): Promise<void> {
    await m.query(`DELETE FROM users.mfa_recovery_codes WHERE user_id = $1`, [userId]);
    await m.query(`INSERT INTO users.mfa_recovery_codes (user_id, code_hash, created_at) SELECT $1, h, $3 FROM unnest($2::text[]) AS h`, [userId, hashes, now]);
  }

  async deleteRecoveryCodes(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM users.mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }

  /** Spends a code: only the first UPDATE that finds it unused gets a row back. */
  async useRecoveryCode(m: EntityManager, userId: string, hash: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE users.mfa_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id`,
      [userId, hash, now],
    );
    return rows.length === 1;
  }

  async recoveryCodesLeft(userId: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM users.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
    return rows[0]?.n ?? 0;
  }
}
