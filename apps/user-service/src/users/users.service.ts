/**
 * Accounts and their passwords: registration, password changes with history and expiry, the
 * profile of the signed-in user and the development seed accounts. Every state change is recorded
 * as events in the same transaction (event store + outbox).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RequestMeta } from '@tr4ction/contracts';
import { UUID_PATTERN, uuidv7 } from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { isUniqueViolation } from '@tr4ction/persistence';
import { checkPassword, historyViolation, PasswordHistory, type PasswordPolicy, type Violation } from '@tr4ction/security';
import { assertPasswordSize, PasswordService } from './password.service';
import { MfaLoginState } from '../mfa/mfa-login-state';
import { PolicyProvider } from './policy.provider';
import { emptyUser, isLive } from './user.aggregate';
import { UserAggregates } from './user-aggregate.repository';
import { UserStream } from './user-stream';
import { UsersRepository, type CredentialRow, type UserRow } from './users.repository';
import { UsersErrors } from './users.errors';
import type { ChangePasswordRequest, PublicUser, RegisterRequest } from './users.types';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly policies: PolicyProvider,
    private readonly stream: UserStream,
    private readonly aggregates: UserAggregates,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly mfa: MfaLoginState,
  ) {}

  async register(req: RegisterRequest, meta: RequestMeta): Promise<PublicUser> {
    assertPasswordSize(req.password);
    const policy = this.policies.current();
    const violations = checkPassword(policy, req.password, { email: req.email, name: req.name ?? undefined });
    if (violations.length) throw UsersErrors.policy(violations);
    const hash = await this.passwords.hash(req.password);
    const id = uuidv7();
    const now = this.clock.now();
    const event = buildEvent(this.service, meta, {
      type: 'UserRegistered',
      actor: { type: 'user', id },
      subject: { type: 'user', id },
      data: { email: req.email.trim(), name: req.name ?? null, roles: ['founder'], password_expires_at: this.policies.expiresAt(now) },
      occurredAt: now,
    });
    await this.unitOfWork
      .run(async (m) => {
        if (await this.users.emailTaken(req.email, m)) throw UsersErrors.emailTaken();
        await this.stream.commit(m, emptyUser(id), [event]);
        await this.users.saveCredentials(m, id, hash, policy.historyCount);
      })
      .catch(rethrowEmailTaken);
    return {
      id,
      email: event.data.email,
      name: event.data.name,
      roles: event.data.roles,
      password_expires_at: event.data.password_expires_at,
      password_change_required: false,
    };
  }

  async changePassword(req: ChangePasswordRequest, meta: RequestMeta): Promise<void> {
    assertPasswordSize(req.current_password);
    assertPasswordSize(req.new_password);
    // Decided on the aggregate; the append below fails with CONFLICT if the stream moved meanwhile.
    const user = await this.aggregates.load(req.user_id);
    if (!isLive(user)) throw UsersErrors.notFound();
    const creds = await this.users.credentials(user.id);
    if (!creds || !(await this.passwords.verify(creds.password_hash, req.current_password))) throw UsersErrors.wrongCurrentPassword();
    const policy = this.policies.current();
    const violations = checkPassword(policy, req.new_password, { email: user.email, name: user.name ?? undefined });
    const reuse = await this.reuseViolation(policy, creds, req.new_password);
    if (reuse) violations.push(reuse);
    if (violations.length) throw UsersErrors.policy(violations);
    const hash = await this.passwords.hash(req.new_password);
    const now = this.clock.now();
    const expired = user.password_expires_at !== null && new Date(user.password_expires_at).getTime() <= now.getTime();
    const reason = user.must_change_password ? 'first_login' : expired ? 'expired' : 'user';
    const keptSession = typeof req.session_id === 'string' && UUID_PATTERN.test(req.session_id) ? req.session_id : undefined;
    await this.unitOfWork.run(async (m) => {
      await this.stream.commit(m, user, [
        buildEvent(this.service, meta, {
          type: 'PasswordChanged',
          actor: { type: 'user', id: user.id },
          subject: { type: 'user', id: user.id },
          // auth-service ends every other session of the user when it sees this event.
          data: { reason, password_expires_at: this.policies.expiresAt(now), ...(keptSession ? { session_id: keptSession } : {}) },
          occurredAt: now,
        }),
      ]);
      await this.users.saveCredentials(m, user.id, hash, policy.historyCount);
    });
  }

  /**
   * The new password may not be the current one (always: a temporary password shown to an admin
   * must really be replaced) nor one of the last N of the profile. History is kept newest first
   * and starts with the current password, except after an admin reset, whose temporary password
   * is never added to it.
   */
  private async reuseViolation(policy: PasswordPolicy, creds: CredentialRow, candidate: string): Promise<Violation | undefined> {
    const hashes = [...new Set([creds.password_hash, ...creds.history.slice(0, policy.historyCount)])];
    if (!(await PasswordHistory.isReused(this.passwords.hasher, hashes, candidate, hashes.length))) return undefined;
    return policy.historyCount > 0 ? historyViolation(policy) : { rule: 'history', message: 'Must differ from your current password.' };
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw UsersErrors.notFound();
    // A refresh reads this to decide the new token's scope, so enrolment enforcement holds past the login.
    const { enrollmentRequired } = await this.mfa.forUser(user.id, user.roles);
    return { ...toPublicUser(user, this.clock.now()), mfa_enrollment_required: enrollmentRequired };
  }

  /**
   * Development only: the runbook's default accounts, forced to change password at first login.
   * Never called in production (the caller checks), where such accounts must not exist.
   */
  async seedDefaultAccounts(accounts: ReadonlyArray<{ email: string; password: string; roles: string[] }>): Promise<number> {
    let created = 0;
    for (const account of accounts) {
      const id = uuidv7();
      const hash = await this.passwords.hash(account.password);
      const done = await this.unitOfWork
        .run(async (m) => {
          if (await this.users.emailTaken(account.email, m)) return false;
          await this.stream.commit(m, emptyUser(id), [
            buildEvent(this.service, undefined, {
              type: 'UserCreated',
              actor: { type: 'system', id: null },
              subject: { type: 'user', id },
              data: { email: account.email, name: null, roles: account.roles, must_change_password: true, seeded: true },
            }),
          ]);
          await this.users.saveCredentials(m, id, hash, this.policies.current().historyCount);
          return true;
        })
        .catch(() => false);
      if (done) created++;
    }
    return created;
  }
}

/** Two requests racing for one email: the unique index decides. */
export function rethrowEmailTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw UsersErrors.emailTaken();
  throw err;
}

export function toPublicUser(user: UserRow, now: Date): PublicUser {
  const expires = user.password_expires_at ? new Date(user.password_expires_at) : null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    password_expires_at: expires ? expires.toISOString() : null,
    password_change_required: user.must_change_password || (expires !== null && expires.getTime() <= now.getTime()),
  };
}
