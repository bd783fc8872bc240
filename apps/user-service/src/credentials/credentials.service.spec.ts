import type { DataSource } from 'typeorm';
import type { EventEnvelope, RequestMeta } from '@tr4ction/contracts';
import { type EventRecorder, UnitOfWork } from '@tr4ction/messaging';
import { ServiceError } from '@tr4ction/messaging';
import { getPolicy } from '@tr4ction/security';
import type { PasswordService } from '../users/password.service';
import type { PolicyProvider } from '../users/policy.provider';
import type { UserStream } from '../users/user-stream';
import type { UserRow, UsersRepository } from '../users/users.repository';
import type { MfaLoginFacts, MfaLoginState } from '../mfa/mfa-login-state';
import { CredentialsService } from './credentials.service';
import type { LockoutRepository, Reservation } from './lockout.repository';

const NOW = new Date('2026-01-01T00:00:00Z');
const META: RequestMeta = { actor: { type: 'user', id: null }, ip: '192.0.2.1' };
const USER = {
  id: 'u1',
  email: 'a@example.com',
  roles: ['founder'],
  status: 'active',
  must_change_password: false,
  password_expires_at: null,
  failed_attempts: 0,
  version: 1,
} as unknown as UserRow;

/** Unit test: repositories, hasher and outbox are in-memory fakes. */
function setup(reservation: Reservation, verify: () => Promise<boolean>, mfa: MfaLoginFacts = { methods: [], enrollmentRequired: false }) {
  const published: EventEnvelope[] = [];
  const lockout = {
    reserve: jest.fn(async () => reservation),
    release: jest.fn(async () => undefined),
    reset: jest.fn(async () => undefined),
    resetStatement: jest.fn((id: string) => ({ sql: 'UPDATE counters', params: [id] })),
    pruneUnknown: jest.fn(async () => undefined),
  };
  const passwords = {
    assertCapacity: jest.fn(),
    verify: jest.fn(verify),
    verifyDummy: jest.fn(async () => false),
    needsRehash: jest.fn(() => false),
    hash: jest.fn(),
  };
  const users = { transaction: jest.fn(async (fn: (m: unknown) => Promise<unknown>) => fn({})), replaceHash: jest.fn() };
  const stream = { publish: jest.fn(async (_m: unknown, events: EventEnvelope[]) => void published.push(...events)) };
  // Fakes (unit test only): a data source that runs a transaction's work at once and lists one-statement
  // changes, and an outbox whose INSERT statement publishes its events here.
  const statements: string[] = [];
  const dataSource = {
    transaction: async (fn: (m: unknown) => Promise<unknown>) => fn({}),
    query: jest.fn(async (sql: string) => void statements.push(sql)),
  };
  const recorder = {
    outbox: {
      insertStatement: (events: EventEnvelope[]) => {
        published.push(...events);
        return { sql: 'INSERT outbox', params: [], enqueued: [] };
      },
    },
  };
  const sut = new CredentialsService(
    users as unknown as UsersRepository,
    lockout as unknown as LockoutRepository,
    passwords as unknown as PasswordService,
    { current: () => getPolicy('seed') } as unknown as PolicyProvider,
    stream as unknown as UserStream,
    new UnitOfWork(dataSource as unknown as DataSource, recorder as unknown as EventRecorder, { wake: jest.fn(), publishCommitted: jest.fn() }),
    'user-service',
    { now: () => NOW },
    { forUser: jest.fn(async () => mfa) } as unknown as MfaLoginState,
  );
  return { sut, mocks: { lockout, passwords, published, statements } };
}

describe(CredentialsService.name, () => {
  const reserved = (attempt: number, lockUntil: Date | null = null): Reservation => ({
    kind: 'decided',
    user: USER,
    passwordHash: '$argon2id$stored',
    decision: { kind: 'reserved', attempt, lockUntil, lockExpired: false, next: { failed_attempts: attempt, locked_until: lockUntil, last_attempt_at: NOW } },
  });

  it.each([
    ['unknown email', { kind: 'unknown' } as Reservation, 'unknown_email'],
    ['disabled account', { kind: 'inactive', user: USER } as Reservation, 'disabled'],
    ['locked account', { kind: 'decided', user: USER, decision: { kind: 'locked', lockUntil: null } } as Reservation, 'locked'],
    ['throttled account', { kind: 'decided', user: USER, decision: { kind: 'throttled', retryAt: NOW } } as Reservation, 'throttled'],
  ])('%s: the same INVALID_CREDENTIALS after a dummy verification, the reason only in the event', async (_name, reservation, reason) => {
    const { sut, mocks } = setup(reservation, async () => true);
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password',
    });
    expect(mocks.passwords.verifyDummy).toHaveBeenCalledTimes(1);
    expect(mocks.passwords.verify).not.toHaveBeenCalled();
    expect(mocks.published.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([['LoginFailed', reason]]);
    expect(JSON.stringify(mocks.published)).not.toContain('"pw"');
  });

  it('a wrong password on the locking attempt records LoginFailed and AccountLocked', async () => {
    const until = new Date(NOW.getTime() + 30 * 60_000);
    const { sut, mocks } = setup(reserved(5, until), async () => false);
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(mocks.published.map((e) => e.type)).toEqual(['LoginFailed', 'AccountLocked']);
    expect(mocks.published[1].data).toEqual({ failed_attempts: 5, locked_until: until.toISOString() });
  });

  it('hasher overload gives the attempt back (lock included) and answers 503', async () => {
    const until = new Date(NOW.getTime() + 30 * 60_000);
    const { sut, mocks } = setup(reserved(5, until), async () => {
      throw new ServiceError('SERVICE_UNAVAILABLE', 'busy', { retry_after_seconds: 1 });
    });
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(mocks.lockout.release).toHaveBeenCalledWith('u1', until);
    expect(mocks.published).toEqual([]);
  });

  it('a right password resets the count and reports whether a change is due', async () => {
    const { sut, mocks } = setup(reserved(3), async () => true);
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).resolves.toEqual({
      id: 'u1',
      roles: ['founder'],
      password_change_required: false,
      mfa_methods: [],
      mfa_enrollment_required: false,
    });
    expect(mocks.lockout.resetStatement).toHaveBeenCalledWith('u1');
    expect(mocks.statements).toEqual(['WITH change AS (UPDATE counters) INSERT outbox']);
    expect(mocks.published.map((e) => e.type)).toEqual(['LoginSucceeded']);
  });

  it('a right password of a user with a second factor gives the attempt back without a reset and records no LoginSucceeded yet', async () => {
    const { sut, mocks } = setup(reserved(3), async () => true, { methods: ['totp', 'recovery_code'], enrollmentRequired: false });
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).resolves.toEqual({
      id: 'u1',
      roles: ['founder'],
      password_change_required: false,
      mfa_methods: ['totp', 'recovery_code'],
      mfa_enrollment_required: false,
    });
    expect(mocks.lockout.release).toHaveBeenCalledWith('u1', null);
    expect(mocks.lockout.reset).not.toHaveBeenCalled();
    expect(mocks.lockout.resetStatement).not.toHaveBeenCalled();
    expect(mocks.published).toEqual([]);
  });

  it('a right password of a user whose role requires a factor they lack reports the enrolment duty', async () => {
    const { sut } = setup(reserved(1), async () => true, { methods: [], enrollmentRequired: true });
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'pw' }, META)).resolves.toMatchObject({
      mfa_methods: [],
      mfa_enrollment_required: true,
    });
  });

  it('refuses input over 1 KiB before any lookup', async () => {
    const { sut, mocks } = setup(reserved(1), async () => true);
    await expect(sut.verifyCredentials({ email: 'a@example.com', password: 'x'.repeat(1025) }, META)).rejects.toMatchObject({
      code: 'PASSWORD_POLICY',
      extra: { violations: [{ rule: 'too_long' }] },
    });
    expect(mocks.lockout.reserve).not.toHaveBeenCalled();
  });
});
