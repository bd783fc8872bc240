/**
 * The second step of a login: a TOTP code, a passkey assertion or a recovery code for the user that auth-service's
 * mfa_token names. Each attempt is reserved under the account's lockout first (the same counter
 * and threshold as wrong passwords), then checked; a code is spent by a conditional UPDATE in the
 * transaction that records the success, so a replayed TOTP code or a used recovery code fails on
 * any replica. Every failure answers the same INVALID_CREDENTIALS; only the event says why.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  MFA_CHALLENGE_TYPES,
  MFA_CODE_MAX_LENGTH,
  type EventDataMap,
  type EventEnvelope,
  type MfaVerifyRequest,
  type RequestMeta,
  type VerifiedUser,
} from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { platformMetrics } from '@tr4ction/telemetry';
import { LockoutRepository } from '../credentials/lockout.repository';
import { PolicyProvider } from '../users/policy.provider';
import { UserStream } from '../users/user-stream';
import { toPublicUser } from '../users/users.service';
import { MfaErrors } from './mfa.errors';
import { MfaKeyProvider } from './mfa-key.provider';
import { MfaRepository, toStep, type MfaFactorRow } from './mfa.repository';
import { decryptSecret } from './mfa.service';
import { hashRecoveryCode } from './recovery-codes';
import { matchTotp } from './totp';
import { WebauthnService } from './webauthn.service';

/** A code for totp and recovery_code, an assertion object for webauthn; anything else fails like a wrong factor. */
function wellFormed(req: MfaVerifyRequest): boolean {
  if (!(MFA_CHALLENGE_TYPES as readonly string[]).includes(req.type)) return false;
  if (req.type === 'webauthn') return typeof req.response === 'object' && req.response !== null;
  return typeof req.code === 'string' && req.code.length <= MFA_CODE_MAX_LENGTH;
}
type FailureReason = EventDataMap['MfaChallengeFailed']['reason'];
type Spent = { kind: 'ok'; factorId?: string; codesLeft?: number } | { kind: 'failed'; reason: FailureReason };

@Injectable()
export class MfaChallengeService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly lockout: LockoutRepository,
    private readonly policies: PolicyProvider,
    private readonly keys: MfaKeyProvider,
    private readonly webauthn: WebauthnService,
    private readonly stream: UserStream,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(req: MfaVerifyRequest, meta: RequestMeta): Promise<VerifiedUser> {
    if (!wellFormed(req)) throw MfaErrors.invalidCredentials();
    const key = await this.keys.key();
    const now = this.clock.now();
    const reserved = await this.lockout.reserveForUser(req.user_id, this.policies.current(), now);
    if (reserved.kind !== 'decided') throw MfaErrors.invalidCredentials();
    const { user, decision } = reserved;
    const actorMeta: RequestMeta = { ...meta, actor: { type: 'user', id: user.id } };
    if (decision.kind === 'locked')
      return this.fail(
        actorMeta,
        user.id,
        req.type,
        'locked',
        undefined,
        decision.lockUntil ? this.locked(actorMeta, user.id, user.failed_attempts, decision.lockUntil) : undefined,
      );
    if (decision.kind === 'throttled') return this.fail(actorMeta, user.id, req.type, 'throttled');
    const extra: EventEnvelope[] = decision.lockExpired
      ? [
          buildEvent(this.service, actorMeta, {
            type: 'AccountUnlocked',
            actor: { type: 'system', id: null },
            subject: { type: 'user', id: user.id },
            data: { by: 'expiry' },
          }),
        ]
      : [];

    const changeRequired = toPublicUser(user, now).password_change_required;
    const spent = await this.unitOfWork.run(async (m): Promise<Spent> => {
      const result = await this.spend(m, req, user.id, key, now);
      if (result.kind !== 'ok') return result;
      const subject = { type: 'user', id: user.id };
      // Events before the counters: recording an unlock takes the stream's lock before the row's,
      // the order every writer of the account follows (an admin command meanwhile cannot deadlock).
      await this.stream.publish(m, [
        ...extra,
        buildEvent(this.service, actorMeta, {
          type: 'MfaChallengeSucceeded',
          subject,
          data: { method: req.type, ...(result.factorId ? { factor_id: result.factorId } : {}) },
          occurredAt: now,
        }),
        ...(result.codesLeft !== undefined
          ? [buildEvent(this.service, actorMeta, { type: 'RecoveryCodeUsed', subject, data: { recovery_codes_left: result.codesLeft }, occurredAt: now })]
          : []),
        buildEvent(this.service, actorMeta, {
          type: 'LoginSucceeded',
          subject,
          data: { password_change_required: changeRequired, mfa: req.type },
          occurredAt: now,
        }),
      ]);
      await this.lockout.reset(m, user.id);
      return result;
    });
    if (spent.kind !== 'ok') {
      const lock = decision.lockUntil ? this.locked(actorMeta, user.id, decision.attempt, decision.lockUntil) : undefined;
      return this.fail(actorMeta, user.id, req.type, spent.reason, decision.attempt, lock, extra);
    }
    return { id: user.id, roles: user.roles, password_change_required: changeRequired, mfa_methods: [], mfa_enrollment_required: false };
  }

  private spend(m: EntityManager, req: MfaVerifyRequest, userId: string, key: Buffer, now: Date): Promise<Spent> {
    if (req.type === 'webauthn') return this.webauthn.verifyAssertion(m, userId, req.response, req.expected_challenge, now);
    const code = req.code as string;
    return req.type === 'totp' ? this.spendTotp(m, userId, code, key, now) : this.spendRecoveryCode(m, userId, code, key, now);
  }

  private async spendTotp(m: EntityManager, userId: string, code: string, key: Buffer, now: Date): Promise<Spent> {
    const factors = (await this.repository.confirmedFactors(userId, m)).filter(
      (f): f is MfaFactorRow & { secret_encrypted: string } => f.type === 'totp' && f.secret_encrypted !== null,
    );
    if (!factors.length) return { kind: 'failed', reason: 'no_factor' };
    let replayed = false;
    for (const factor of factors) {
      const match = matchTotp(decryptSecret(factor.secret_encrypted, key, factor.id), code, now.getTime(), toStep(factor.last_used_step));
      if (match.kind === 'replayed') replayed = true;
      if (match.kind !== 'ok') continue;
      if (await this.repository.acceptStep(m, factor.id, match.step, now)) return { kind: 'ok', factorId: factor.id };
      replayed = true;
    }
    return { kind: 'failed', reason: replayed ? 'replayed_code' : 'wrong_code' };
  }

  private async spendRecoveryCode(m: EntityManager, userId: string, code: string, key: Buffer, now: Date): Promise<Spent> {
    const hash = hashRecoveryCode(key, userId, code);
    if (hash === undefined || !(await this.repository.useRecoveryCode(m, userId, hash, now))) return { kind: 'failed', reason: 'wrong_code' };
    return { kind: 'ok', codesLeft: await this.repository.recoveryCodesLeft(userId, m) };
  }

  private locked(meta: RequestMeta, userId: string, failedAttempts: number, until: Date): EventEnvelope {
    return buildEvent(this.service, meta, {
      type: 'AccountLocked',
      outcome: 'failure',
      actor: { type: 'system', id: null },
      subject: { type: 'user', id: userId },
      data: { failed_attempts: failedAttempts, locked_until: until.toISOString() },
    });
  }

  private async fail(
    meta: RequestMeta,
    userId: string,
    method: MfaVerifyRequest['type'],
    reason: FailureReason,
    attempt?: number,
    lock?: EventEnvelope,
    extra: EventEnvelope[] = [],
  ): Promise<never> {
    const failed = buildEvent(this.service, meta, {
      type: 'MfaChallengeFailed',
      outcome: 'failure',
      subject: { type: 'user', id: userId },
      data: { method, reason, ...(attempt ? { failed_attempts: attempt } : {}) },
    });
    await this.unitOfWork.run((m) => this.stream.publish(m, [...extra, failed, ...(lock ? [lock] : [])]));
    if (lock) platformMetrics.lockouts().inc();
    throw MfaErrors.invalidCredentials();
  }
}
