/**
 * Enrolment and management of second factors. A TOTP factor is pending until its first code
 * confirms it; the first confirmed factor of an account comes with ten recovery codes, shown once.
 * Every change records its event (MfaEnrolled, MfaRemoved, RecoveryCodesRegenerated, MfaReset)
 * in the same transaction; no event carries a secret or a code.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  uuidv7,
  type ConfirmTotpRequest,
  type MfaConfirmed,
  type MfaResetDone,
  type MfaResetRequest,
  type MfaStatus,
  type MfaUserRequest,
  type RecoveryCodes,
  type RemoveFactorRequest,
  type RequestMeta,
  type StartTotpRequest,
  type TotpEnrolment,
} from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { decryptPrivateKey as decryptBound, encryptPrivateKey as encryptBound } from '@tr4ction/tokens';
import { assertPasswordSize, PasswordService } from '../users/password.service';
import { UserStream } from '../users/user-stream';
import { UsersErrors } from '../users/users.errors';
import { UsersRepository, type UserRow } from '../users/users.repository';
import { MfaErrors } from './mfa.errors';
import { MfaKeyProvider } from './mfa-key.provider';
import { MfaRepository } from './mfa.repository';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { matchTotp, newTotpSecret, totpUri } from './totp';

const LABEL = /^[^\u0000-\u001f\u007f]{1,64}$/;

/** The factor id is bound into the ciphertext: a secret copied onto another factor's row does not decrypt. */
export function encryptSecret(secret: string, key: Buffer, factorId: string): string {
  return encryptBound(secret, key, factorId);
}

export function decryptSecret(blob: string, key: Buffer, factorId: string): string {
  return decryptBound(blob, key, factorId);
}

@Injectable()
export class MfaService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly keys: MfaKeyProvider,
    private readonly stream: UserStream,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status({ user_id }: MfaUserRequest): Promise<MfaStatus> {
    const factors = await this.repository.confirmedFactors(user_id);
    return {
      methods: factors.map((f) => ({
        id: f.id,
        type: f.type,
        label: f.label,
        created_at: new Date(f.created_at).toISOString(),
        last_used_at: f.last_used_at ? new Date(f.last_used_at).toISOString() : null,
      })),
      recovery_codes_left: factors.length ? await this.repository.recoveryCodesLeft(user_id) : 0,
    };
  }

  /** The password again: a stolen session alone must not be able to add an attacker's authenticator. */
  async startTotp(req: StartTotpRequest): Promise<TotpEnrolment> {
    assertPasswordSize(req.current_password);
    const label = req.label?.trim() || 'Authenticator app';
    if (!LABEL.test(label)) throw MfaErrors.badLabel();
    const user = await this.users.findById(req.user_id);
    if (!user) throw UsersErrors.notFound();
    const creds = await this.users.credentials(user.id);
    if (!creds || !(await this.passwords.verify(creds.password_hash, req.current_password))) throw UsersErrors.wrongCurrentPassword();
    const key = await this.keys.key();
    const id = uuidv7();
    const secret = newTotpSecret();
    await this.repository.transaction((m) =>
      this.repository.insertPending(m, {
        id,
        user_id: user.id,
        type: 'totp',
        label,
        secret_encrypted: encryptSecret(secret, key, id),
        created_at: this.clock.now(),
      }),
    );
    return { id, secret, otpauth_uri: totpUri(secret, user.email) };
  }

  async confirmTotp(req: ConfirmTotpRequest, meta: RequestMeta): Promise<MfaConfirmed> {
    const key = await this.keys.key();
    const now = this.clock.now();
    const result = await this.unitOfWork.run(async (m) => {
      if (!(await this.repository.lockUser(m, req.user_id))) throw UsersErrors.notFound();
      const factor = await this.repository.factor(req.user_id, req.factor_id, m);
      if (!factor || factor.confirmed_at !== null || !factor.secret_encrypted) throw MfaErrors.pendingNotFound();
      const match = matchTotp(decryptSecret(factor.secret_encrypted, key, factor.id), req.code, now.getTime(), null);
      if (match.kind !== 'ok') throw MfaErrors.wrongConfirmationCode();
      const first = (await this.repository.confirmedFactors(req.user_id, m)).length === 0;
      if (!(await this.repository.confirm(m, factor.id, match.step, now))) throw MfaErrors.pendingNotFound();
      const codes = first ? await this.issueRecoveryCodes(m, req.user_id, key, now) : undefined;
      await this.stream.publish(m, [
        buildEvent(this.service, meta, {
          type: 'MfaEnrolled',
          actor: { type: 'user', id: req.user_id },
          subject: { type: 'user', id: req.user_id },
          data: { factor_id: factor.id, type: factor.type, label: factor.label, recovery_codes_issued: codes?.length ?? 0 },
          occurredAt: now,
        }),
      ]);
      return codes;
    });
    return result ? { recovery_codes: result } : {};
  }

  /** Removing the last factor also voids the recovery codes: without a factor there is nothing to recover. */
  async remove(req: RemoveFactorRequest, meta: RequestMeta): Promise<void> {
    const now = this.clock.now();
    await this.unitOfWork.run(async (m) => {
      if (!(await this.repository.lockUser(m, req.user_id))) throw UsersErrors.notFound();
      const removed = await this.repository.deleteFactor(m, req.user_id, req.factor_id);
      if (!removed) throw MfaErrors.factorNotFound();
      // A pending factor was never in force: it goes without an event.
      if (removed.confirmed_at === null) return;
      const left = (await this.repository.confirmedFactors(req.user_id, m)).length;
      if (left === 0) await this.repository.deleteRecoveryCodes(m, req.user_id);
      await this.stream.publish(m, [
        buildEvent(this.service, meta, {
          type: 'MfaRemoved',
          actor: { type: 'user', id: req.user_id },
          subject: { type: 'user', id: req.user_id },
          data: { factor_id: removed.id, type: removed.type, factors_left: left },
          occurredAt: now,
        }),
      ]);
    });
  }

  async regenerateRecoveryCodes(req: MfaUserRequest, meta: RequestMeta): Promise<RecoveryCodes> {
    const key = await this.keys.key();
    const now = this.clock.now();
    const codes = await this.unitOfWork.run(async (m) => {
      if (!(await this.repository.lockUser(m, req.user_id))) throw UsersErrors.notFound();
      if ((await this.repository.confirmedFactors(req.user_id, m)).length === 0) throw MfaErrors.noFactor();
      const fresh = await this.issueRecoveryCodes(m, req.user_id, key, now);
      await this.stream.publish(m, [
        buildEvent(this.service, meta, {
          type: 'RecoveryCodesRegenerated',
          actor: { type: 'user', id: req.user_id },
          subject: { type: 'user', id: req.user_id },
          data: { count: fresh.length },
          occurredAt: now,
        }),
      ]);
      return fresh;
    });
    return { recovery_codes: codes };
  }

  /** An admin's or operator's reset (lost device): every factor and code goes; the caller ends the sessions. */
  async reset(req: MfaResetRequest, meta: RequestMeta): Promise<MfaResetDone> {
    const user: UserRow | undefined = 'user_id' in req ? await this.users.findById(req.user_id) : await this.users.findByEmail(req.email);
    if (!user) throw UsersErrors.notFound();
    const now = this.clock.now();
    const removed = await this.unitOfWork.run(async (m) => {
      if (!(await this.repository.lockUser(m, user.id))) throw UsersErrors.notFound();
      const count = await this.repository.deleteAll(m, user.id);
      await this.stream.publish(m, [
        buildEvent(this.service, meta, { type: 'MfaReset', subject: { type: 'user', id: user.id }, data: { factors_removed: count }, occurredAt: now }),
      ]);
      return count;
    });
    return { user_id: user.id, email: user.email, factors_removed: removed };
  }

  /** The first factor of an account, whatever its type, comes with a set (shown once). */
  async issueRecoveryCodes(m: EntityManager, userId: string, key: Buffer, now: Date): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.repository.replaceRecoveryCodes(
      m,
      userId,
      codes.map((c) => hashRecoveryCode(key, userId, c) as string),
      now,
    );
    return codes;
  }
}
