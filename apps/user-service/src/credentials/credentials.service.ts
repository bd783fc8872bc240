/**
 * Checks an email and password for auth-service's login. Every way of failing (unknown email,
 * wrong password, locked, throttled, disabled) answers the same INVALID_CREDENTIALS after the same
 * argon2 work, so neither the answer nor its timing tells which accounts exist. Only the
 * LoginFailed event says why, and it never carries the password.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { platformMetrics } from '@tr4ction/telemetry';
import type { EventDataMap, EventEnvelope } from '@tr4ction/contracts';
import { assertPasswordSize, PasswordService } from '../users/password.service';
import { PolicyProvider } from '../users/policy.provider';
import { UserStream } from '../users/user-stream';
import { UsersErrors } from '../users/users.errors';
import { UsersRepository, type UserRow } from '../users/users.repository';
import type { VerifiedUser, VerifyCredentialsRequest } from '../users/users.types';
import { MfaLoginState } from '../mfa/mfa-login-state';
import { LockoutRepository } from './lockout.repository';

type FailureReason = EventDataMap['LoginFailed']['reason'];

const PRUNE_EVERY_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

@Injectable()
export class CredentialsService {
  private lastPrune = 0;

  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: LockoutRepository,
    private readonly passwords: PasswordService,
    private readonly policies: PolicyProvider,
    private readonly stream: UserStream,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly mfa: MfaLoginState,
  ) {}

  async verifyCredentials(req: VerifyCredentialsRequest, meta: RequestMeta): Promise<VerifiedUser> {
    assertPasswordSize(req.password);
    this.passwords.assertCapacity();
    const policy = this.policies.current();
    const now = this.clock.now();
    this.pruneNowAndThen(now);
    const reserved = await this.lockout.reserve(req.email, policy, now);
    if (reserved.kind === 'unknown') return this.refuse(req.password, meta, undefined, 'unknown_email');
    const user = reserved.user;
    if (reserved.kind === 'inactive') return this.refuse(req.password, meta, user, 'disabled');
    const { decision, passwordHash, hasConfirmedFactor } = reserved;
    if (decision.kind === 'locked')
      return this.refuse(
        req.password,
        meta,
        user,
        'locked',
        decision.lockUntil ? this.lockedEvent(meta, user.id, user.failed_attempts, decision.lockUntil) : undefined,
      );
    if (decision.kind === 'throttled') return this.refuse(req.password, meta, user, 'throttled');

    const extra: EventEnvelope[] = [];
    if (decision.lockExpired)
      extra.push(
        buildEvent(this.service, meta, {
          type: 'AccountUnlocked',
          actor: { type: 'system', id: null },
          subject: { type: 'user', id: user.id },
          data: { by: 'expiry' },
        }),
      );
    let ok: boolean;
    try {
      ok = passwordHash ? await this.passwords.verify(passwordHash, req.password) : false;
    } catch (err) {
      // Nothing was verified: give the attempt back so overload never locks anyone out.
      await this.lockout.release(user.id, decision.lockUntil).catch(() => undefined);
      throw err;
    }
    if (!ok) {
      const locked = decision.lockUntil ? this.lockedEvent(meta, user.id, decision.attempt, decision.lockUntil) : undefined;
      await this.recordFailure(meta, user, 'wrong_password', decision.attempt, [...extra, ...(locked ? [locked] : [])]);
      throw UsersErrors.invalidCredentials();
    }

    const expired = user.password_expires_at !== null && new Date(user.password_expires_at).getTime() <= now.getTime();
    const changeRequired = user.must_change_password || expired;
    // Stored with older argon2 parameters: upgrade now, while the plaintext is at hand.
    let rehashed = false;
    if (passwordHash && this.passwords.needsRehash(passwordHash)) {
      rehashed = await this.passwords
        .hash(req.password)
        .then((fresh) => this.users.replaceHash(user.id, passwordHash, fresh))
        .then(
          () => true,
          () => false,
        );
    }
    const mfa = await this.mfa.forUser(user.id, user.roles, hasConfirmedFactor);
    if (mfa.methods.length) return this.awaitSecondFactor(user, decision.lockUntil, changeRequired, mfa.methods, extra);
    const succeeded = buildEvent(this.service, meta, {
      type: 'LoginSucceeded',
      actor: { type: 'user', id: user.id },
      subject: { type: 'user', id: user.id },
      data: { password_change_required: changeRequired, ...(rehashed ? { rehashed } : {}) },
    });
    // The usual login: its outcome joins no stream, so it is recorded with the counters' reset in one statement.
    if (extra.length === 0) await this.unitOfWork.runStatement(this.lockout.resetStatement(user.id), [succeeded]);
    else
      await this.unitOfWork.run(async (m) => {
        // Events before the counters: recording an unlock takes the stream's lock before the row's,
        // the order every writer of the account follows (an admin command meanwhile cannot deadlock).
        await this.stream.publish(m, [...extra, succeeded]);
        await this.lockout.reset(m, user.id);
      });
    return { id: user.id, roles: user.roles, password_change_required: changeRequired, mfa_methods: [], mfa_enrollment_required: mfa.enrollmentRequired };
  }

  /**
   * The password was right but a second factor must finish the login: the attempt is given back
   * (the counter is not reset, so wrong codes keep adding to earlier failures) and LoginSucceeded
   * waits for the second factor.
   */
  private async awaitSecondFactor(
    user: UserRow,
    placedLock: Date | null,
    changeRequired: boolean,
    methods: VerifiedUser['mfa_methods'],
    extra: EventEnvelope[],
  ): Promise<VerifiedUser> {
    await this.lockout.release(user.id, placedLock);
    if (extra.length) {
      await this.unitOfWork.run((m) => this.stream.publish(m, extra));
    }
    return { id: user.id, roles: user.roles, password_change_required: changeRequired, mfa_methods: methods, mfa_enrollment_required: false };
  }

  private pruneNowAndThen(now: Date): void {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    void this.lockout.pruneUnknown(new Date(now.getTime() - DAY_MS)).catch(() => undefined);
  }

  /** The failure paths that verify no real hash: the dummy hash keeps their timing alike. */
  private async refuse(password: string, meta: RequestMeta, user: UserRow | undefined, reason: FailureReason, locked?: EventEnvelope): Promise<never> {
    await this.passwords.verifyDummy(password);
    await this.recordFailure(meta, user, reason, undefined, locked ? [locked] : []);
    throw UsersErrors.invalidCredentials();
  }

  private async recordFailure(
    meta: RequestMeta,
    user: UserRow | undefined,
    reason: FailureReason,
    attempt: number | undefined,
    extra: EventEnvelope[],
  ): Promise<void> {
    const failed = buildEvent(this.service, meta, {
      type: 'LoginFailed',
      outcome: 'failure',
      actor: { type: 'user', id: user?.id ?? null },
      subject: { type: 'user', id: user?.id ?? 'unknown' },
      data: { reason, ...(attempt ? { failed_attempts: attempt } : {}) },
    });
    // Without a lock placed, the failure joins no stream: one statement records it.
    if (extra.length === 0) await this.unitOfWork.runStatement(undefined, [failed]);
    else await this.unitOfWork.run((m) => this.stream.publish(m, [failed, ...extra]));
    // Counted after the commit, from what was recorded: the metric agrees with the audit trail.
    platformMetrics.logins().inc({ outcome: reason });
    const lockouts = extra.filter((e) => e.type === 'AccountLocked').length;
    if (lockouts) platformMetrics.lockouts().inc(lockouts);
  }

  private lockedEvent(meta: RequestMeta, userId: string, failedAttempts: number, until: Date): EventEnvelope {
    return buildEvent(this.service, meta, {
      type: 'AccountLocked',
      outcome: 'failure',
      actor: { type: 'system', id: null },
      subject: { type: 'user', id: userId },
      data: { failed_attempts: failedAttempts, locked_until: until.toISOString() },
    });
  }
}
