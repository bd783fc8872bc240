/**
 * Accounts and their passwords: registration, credential checks with atomic lockout, password
 * changes with history and expiry, and the development seed accounts. Every state change is
 * recorded as events in the same transaction (event store + outbox).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, RequestMeta } from '@tr4ction/contracts';
import { uuidv7 } from '@tr4ction/contracts';
import { buildEvent, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import { CLOCK, EVENT_RECORDER, OUTBOX_RELAY, SERVICE_CONFIG, type Clock } from '@tr4ction/platform';
import { checkPassword, getPolicy, historyViolation, HasherOverloadedError, PasswordHasher, PasswordHistory, type PasswordPolicy } from '@tr4ction/security';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { projectUserEvent } from './user.projector';
import { UsersRepository, type UserRow } from './users.repository';
import { UsersErrors } from './users.errors';
import type { ChangePasswordRequest, PublicUser, RegisterRequest, VerifiedUser, VerifyCredentialsRequest } from './users.types';

const SERVICE = 'user-service';
const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class UsersService {
  readonly hasher: PasswordHasher;

  constructor(
    private readonly users: UsersRepository,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof userServiceSchema>,
  ) {
    this.hasher = new PasswordHasher({ memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM });
  }

  policy(): PasswordPolicy {
    return getPolicy(this.config.PASSWORD_POLICY);
  }

  private expiresAt(from: Date): string | null {
    const days = this.policy().expiryDays;
    return days === null ? null : new Date(from.getTime() + days * DAY_MS).toISOString();
  }

  private async hash(password: string): Promise<string> {
    try {
      return await this.hasher.hash(password);
    } catch (err) {
      if (err instanceof HasherOverloadedError) throw UsersErrors.overloaded();
      throw err;
    }
  }

  /** Appends events to the user's stream, projects them and enqueues them, in one transaction. */
  private async commit(m: EntityManager, userId: string, expectedVersion: number, events: EventEnvelope[]): Promise<number> {
    const version = await this.recorder.record(m, `user-${userId}`, expectedVersion, events);
    let v = expectedVersion;
    for (const e of events) await projectUserEvent(m, e, ++v);
    return version;
  }

  async register(req: RegisterRequest, meta: RequestMeta): Promise<PublicUser> {
    const violations = checkPassword(this.policy(), req.password, { email: req.email, name: req.name ?? undefined });
    if (violations.length) throw UsersErrors.policy(violations);
    const hash = await this.hash(req.password);
    const id = uuidv7();
    const now = this.clock.now();
    const event = buildEvent(SERVICE, meta, {
      type: 'UserRegistered',
      actor: { type: 'user', id },
      subject: { type: 'user', id },
      data: { email: req.email.trim(), name: req.name ?? null, roles: ['founder'], password_expires_at: this.expiresAt(now) },
      occurredAt: now,
    });
    await this.users.transaction(async (m) => {
      if (await this.users.emailTaken(req.email, m)) throw UsersErrors.emailTaken();
      await this.commit(m, id, 0, [event]);
      await this.users.saveCredentials(m, id, hash, this.policy().historyCount);
    }).catch((err: unknown) => {
      // Two registrations racing for one email: the unique index decides.
      if ((err as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505') throw UsersErrors.emailTaken();
      throw err;
    });
    this.relay.wake();
    return { id, email: event.data.email, name: event.data.name, roles: event.data.roles, password_expires_at: event.data.password_expires_at, password_change_required: false };
  }

  async verifyCredentials(req: VerifyCredentialsRequest, meta: RequestMeta): Promise<VerifiedUser> {
    const user = await this.users.findByEmail(req.email);
    if (!user || user.status !== 'active') {
      // Same work as a real check, so an unknown email takes as long as a wrong password.
      await this.hasher.verifyDummy(req.password).catch(() => false);
      await this.recordFailure(undefined, meta, user ? 'disabled' : 'unknown_email');
      throw UsersErrors.invalidCredentials();
    }
    const lockout = this.policy().lockout;
    const now = this.clock.now();
    const attempt = await this.users.reserveAttempt(user.id, lockout.maxFailures, now);
    if (attempt === null) {
      await this.hasher.verifyDummy(req.password).catch(() => false);
      await this.recordFailure(user, meta, 'locked');
      throw UsersErrors.invalidCredentials();
    }
    const creds = await this.users.credentials(user.id);
    const ok = creds ? await this.hasher.verify(creds.password_hash, req.password) : false;
    if (!ok) {
      await this.recordFailure(user, meta, 'wrong_password', attempt);
      throw UsersErrors.invalidCredentials();
    }
    const expired = user.password_expires_at !== null && new Date(user.password_expires_at).getTime() <= now.getTime();
    const changeRequired = user.must_change_password || expired;
    await this.users.transaction(async (m) => {
      await this.users.resetAttempts(m, user.id);
      await this.recorder.publishOnly(m, [
        buildEvent(SERVICE, meta, { type: 'LoginSucceeded', actor: { type: 'user', id: user.id }, subject: { type: 'user', id: user.id }, data: { password_change_required: changeRequired } }),
      ]);
    });
    this.relay.wake();
    // Stored with older argon2 parameters: upgrade now that we hold the plaintext.
    if (creds && this.hasher.needsRehash(creds.password_hash)) {
      await this.hasher.hash(req.password).then((h) => this.users.replaceHash(user.id, h)).catch(() => undefined);
    }
    return { id: user.id, roles: user.roles, password_change_required: changeRequired };
  }

  private async recordFailure(user: UserRow | undefined, meta: RequestMeta, reason: 'unknown_email' | 'wrong_password' | 'locked' | 'disabled', attempt?: number): Promise<void> {
    const lockout = this.policy().lockout;
    const subject = { type: 'user', id: user?.id ?? 'unknown' };
    const events: EventEnvelope[] = [
      buildEvent(SERVICE, meta, { type: 'LoginFailed', outcome: 'failure', actor: { type: 'user', id: user?.id ?? null }, subject, data: { reason, ...(attempt ? { failed_attempts: attempt } : {}) } }),
    ];
    await this.users.transaction(async (m) => {
      if (user && attempt !== undefined && attempt >= lockout.maxFailures) {
        const until = new Date(this.clock.now().getTime() + lockout.lockMinutes * 60_000);
        await this.users.lock(m, user.id, until);
        events.push(buildEvent(SERVICE, meta, { type: 'AccountLocked', outcome: 'failure', actor: { type: 'system', id: null }, subject, data: { failed_attempts: attempt, locked_until: until.toISOString() } }));
      }
      await this.recorder.publishOnly(m, events);
    });
    this.relay.wake();
  }

  async changePassword(req: ChangePasswordRequest, meta: RequestMeta): Promise<void> {
    const user = await this.users.findById(req.user_id);
    if (!user) throw UsersErrors.notFound();
    const creds = await this.users.credentials(user.id);
    if (!creds || !(await this.hasher.verify(creds.password_hash, req.current_password))) throw UsersErrors.wrongCurrentPassword();
    const policy = this.policy();
    const violations = checkPassword(policy, req.new_password, { email: user.email, name: user.name ?? undefined });
    if (policy.historyCount > 0 && (await PasswordHistory.isReused(this.hasher, creds.history, req.new_password, policy.historyCount))) violations.push(historyViolation(policy));
    if (violations.length) throw UsersErrors.policy(violations);
    const hash = await this.hash(req.new_password);
    const now = this.clock.now();
    const expired = user.password_expires_at !== null && new Date(user.password_expires_at).getTime() <= now.getTime();
    const reason = user.must_change_password ? 'first_login' : expired ? 'expired' : 'user';
    await this.users.transaction(async (m) => {
      await this.commit(m, user.id, user.version, [
        buildEvent(SERVICE, meta, { type: 'PasswordChanged', actor: { type: 'user', id: user.id }, subject: { type: 'user', id: user.id }, data: { reason, password_expires_at: this.expiresAt(now) }, occurredAt: now }),
      ]);
      await this.users.saveCredentials(m, user.id, hash, policy.historyCount);
    });
    this.relay.wake();
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw UsersErrors.notFound();
    return toPublicUser(user, this.clock.now());
  }

  /**
   * Development only: the runbook's default accounts, forced to change password at first login.
   * Never called in production (the caller checks), where such accounts must not exist.
   */
  async seedDefaultAccounts(accounts: Array<{ email: string; password: string; roles: string[] }>): Promise<number> {
    let created = 0;
    for (const account of accounts) {
      const id = uuidv7();
      const hash = await this.hasher.hash(account.password);
      const done = await this.users.transaction(async (m) => {
        if (await this.users.emailTaken(account.email, m)) return false;
        await this.commit(m, id, 0, [
          buildEvent(SERVICE, undefined, {
            type: 'UserCreated',
            actor: { type: 'system', id: null },
            subject: { type: 'user', id },
            data: { email: account.email, name: null, roles: account.roles, must_change_password: true, seeded: true },
          }),
        ]);
        await this.users.saveCredentials(m, id, hash, this.policy().historyCount);
        return true;
      }).catch(() => false);
      if (done) created++;
    }
    this.relay.wake();
    return created;
  }
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
