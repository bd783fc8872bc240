/**
 * User administration for the admin role (the gateway checks the role): list, create with a
 * temporary password, delete, change roles, unlock, reset password. Each change is an event in
 * the user's stream (or, for unlocks, on the bus) written in the same transaction as the change.
 * Temporary passwords appear only in the reply, once.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isRole, uuidv7, type EventEnvelope, type RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { checkPassword, generateTemporaryPassword } from '@tr4ction/security';
import { LockoutRepository } from '../credentials/lockout.repository';
import { assertPasswordSize, PasswordService } from '../users/password.service';
import { PolicyProvider } from '../users/policy.provider';
import { emptyUser, isLive, type UserState } from '../users/user.aggregate';
import { UserAggregates } from '../users/user-aggregate.repository';
import { UserStream } from '../users/user-stream';
import { UsersErrors } from '../users/users.errors';
import { UsersRepository, type UserRow } from '../users/users.repository';
import { rethrowEmailTaken, toPublicUser } from '../users/users.service';
import type {
  AdminUserView,
  CreateUserRequest,
  CreatedUser,
  ListUsersRequest,
  PasswordReset,
  ResetPasswordRequest,
  SetRolesRequest,
  UserIdRequest,
  UserPage,
} from './admin-users.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: LockoutRepository,
    private readonly passwords: PasswordService,
    private readonly policies: PolicyProvider,
    private readonly stream: UserStream,
    private readonly aggregates: UserAggregates,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(req: ListUsersRequest): Promise<UserPage> {
    const limit = req.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw UsersErrors.validation(`limit must be between 1 and ${MAX_PAGE_SIZE}`);
    const after = req.cursor === undefined || req.cursor === '' ? undefined : decodeCursor(req.cursor);
    // One row more than asked tells whether another page exists without a count.
    const rows = await this.users.list(limit + 1, after);
    const now = this.clock.now();
    const page = rows.slice(0, limit);
    return { items: page.map((u) => toAdminView(u, now)), next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
  }

  async create(req: CreateUserRequest, meta: RequestMeta): Promise<CreatedUser> {
    const roles = validRoles(req.roles);
    const temporary = generateTemporaryPassword(this.policies.current());
    const hash = await this.passwords.hash(temporary);
    const id = uuidv7();
    const email = req.email.trim();
    await this.unitOfWork
      .run(async (m) => {
        if (await this.users.emailTaken(email, m)) throw UsersErrors.emailTaken();
        await this.stream.commit(m, emptyUser(id), [
          buildEvent(this.service, meta, {
            type: 'UserCreated',
            subject: { type: 'user', id },
            data: { email, name: req.name ?? null, roles, must_change_password: true },
            occurredAt: this.clock.now(),
          }),
        ]);
        await this.users.saveTemporaryCredentials(m, id, hash);
      })
      .catch(rethrowEmailTaken);
    return { id, email, roles, temporary_password: temporary };
  }

  async delete(req: UserIdRequest, meta: RequestMeta): Promise<void> {
    const id = validId(req.user_id);
    await this.unitOfWork.run(async (m) => {
      const user = await this.mustLoad(m, id);
      if (user.roles.includes('admin')) await this.assertAnotherAdmin(m, id);
      await this.stream.commit(m, user, [
        buildEvent(this.service, meta, { type: 'UserDeleted', subject: { type: 'user', id }, data: { reason: 'deleted by an admin' } }),
      ]);
      await this.users.deleteCredentials(m, id);
    });
  }

  async setRoles(req: SetRolesRequest, meta: RequestMeta): Promise<{ id: string; roles: string[]; changed: boolean }> {
    const id = validId(req.user_id);
    const roles = validRoles(req.roles);
    const result = await this.unitOfWork.run(async (m) => {
      const user = await this.mustLoad(m, id);
      if (sameSet(user.roles, roles)) return null;
      if (user.roles.includes('admin') && !roles.includes('admin')) await this.assertAnotherAdmin(m, id);
      await this.stream.commit(m, user, [
        buildEvent(this.service, meta, { type: 'RolesChanged', subject: { type: 'user', id }, data: { before: user.roles, after: roles } }),
      ]);
      return roles;
    });
    return result ? { id, roles: result, changed: true } : { id, roles, changed: false };
  }

  async unlock(req: UserIdRequest, meta: RequestMeta): Promise<{ unlocked: boolean }> {
    const id = validId(req.user_id);
    const unlocked = await this.unitOfWork.run(async (m) => {
      await this.mustLoad(m, id);
      return this.unlockIn(m, id, meta);
    });
    return { unlocked };
  }

  /**
   * Sets a temporary password that must be changed at the next login, unlocks the account (a reset
   * is how an admin lets a locked-out user back in) and answers with the password once. The
   * account is named by id (gateway) or email (operator CLI); an operator-supplied password must
   * meet the policy like any other.
   */
  async resetPassword(req: ResetPasswordRequest, meta: RequestMeta): Promise<PasswordReset> {
    const target = await this.resetTarget(req);
    const supplied = req.password !== undefined;
    let temporary: string;
    if (supplied) {
      if (typeof req.password !== 'string') throw UsersErrors.validation('password must be a string');
      assertPasswordSize(req.password);
      const violations = checkPassword(this.policies.current(), req.password, { email: target.email, name: target.name ?? undefined });
      if (violations.length) throw UsersErrors.policy(violations);
      temporary = req.password;
    } else {
      temporary = generateTemporaryPassword(this.policies.current());
    }
    const hash = await this.passwords.hash(temporary);
    const unlocked = await this.unitOfWork.run(async (m) => {
      const user = await this.mustLoad(m, target.id);
      await this.stream.commit(m, user, [
        buildEvent(this.service, meta, { type: 'PasswordResetByAdmin', subject: { type: 'user', id: user.id }, data: { must_change_password: true } }),
      ]);
      await this.users.saveTemporaryCredentials(m, user.id, hash);
      return this.unlockIn(m, user.id, meta);
    });
    return { user_id: target.id, email: target.email, ...(supplied ? {} : { temporary_password: temporary }), unlocked };
  }

  /** The account's state from its stream; an email is resolved to the id through the read model's unique index. */
  private async resetTarget(req: ResetPasswordRequest): Promise<UserState> {
    if ((req.user_id === undefined) === (req.email === undefined)) throw UsersErrors.validation('name the account by user_id or by email, not both');
    let id: string;
    if (req.user_id !== undefined) {
      id = validId(req.user_id);
    } else {
      if (typeof req.email !== 'string' || req.email.trim() === '' || req.email.length > 320) throw UsersErrors.validation('email must be a non-empty string');
      const row = await this.users.findByEmail(req.email.trim());
      if (!row) throw UsersErrors.notFound();
      id = row.id;
    }
    const user = await this.aggregates.load(id);
    if (!isLive(user)) throw UsersErrors.notFound();
    return user;
  }

  private async unlockIn(m: EntityManager, id: string, meta: RequestMeta): Promise<boolean> {
    const before = await this.lockout.unlock(m, id, this.clock.now());
    if (!before || (!before.wasLocked && before.failedAttempts === 0)) return false;
    const event: EventEnvelope = buildEvent(this.service, meta, { type: 'AccountUnlocked', subject: { type: 'user', id }, data: { by: 'admin' } });
    await this.stream.publish(m, [event]);
    return before.wasLocked;
  }

  /** The aggregate under its stream lock: the decision and the append see the same version. */
  private async mustLoad(m: EntityManager, id: string): Promise<UserState> {
    const user = await this.aggregates.loadForUpdate(m, id);
    if (!isLive(user)) throw UsersErrors.notFound();
    return user;
  }

  private async assertAnotherAdmin(m: EntityManager, id: string): Promise<void> {
    const admins = await this.users.lockAdmins(m);
    if (!admins.some((a) => a !== id)) throw UsersErrors.lastAdmin();
  }
}

function validId(id: unknown): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw UsersErrors.validation('id must be a UUID');
  return id.toLowerCase();
}

function validRoles(roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole))
    throw UsersErrors.validation('roles must be a non-empty list of admin, founder, auditor');
  return [...new Set(roles as string[])];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === new Set(b).size && a.every((r) => b.includes(r));
}

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!UUID.test(id)) throw UsersErrors.validation('cursor is not one this endpoint issued');
  return id.toLowerCase();
}

function toAdminView(u: UserRow, now: Date): AdminUserView {
  const lockedUntil = u.locked_until ? new Date(u.locked_until) : null;
  const locked = lockedUntil !== null && lockedUntil.getTime() > now.getTime();
  return {
    ...toPublicUser(u, now),
    status: u.status,
    locked,
    locked_until: locked && lockedUntil ? lockedUntil.toISOString() : null,
    failed_attempts: locked || !lockedUntil ? u.failed_attempts : 0,
    created_at: new Date(u.created_at).toISOString(),
  };
}
