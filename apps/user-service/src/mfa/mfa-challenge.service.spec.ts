import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import type { EventEnvelope, RequestMeta } from '@tr4ction/contracts';
import { type EventRecorder, UnitOfWork } from '@tr4ction/messaging';
import { getPolicy } from '@tr4ction/security';
import type { LockoutRepository, Reservation } from '../credentials/lockout.repository';
import type { PolicyProvider } from '../users/policy.provider';
import type { UserStream } from '../users/user-stream';
import type { UserRow } from '../users/users.repository';
import { MfaChallengeService } from './mfa-challenge.service';
import type { MfaKeyProvider } from './mfa-key.provider';
import type { MfaFactorRow, MfaRepository } from './mfa.repository';
import { encryptSecret } from './mfa.service';
import { hashRecoveryCode } from './recovery-codes';
import { newTotpSecret } from './totp';
import type { AssertionOutcome, WebauthnService } from './webauthn.service';

/** A fixed clock: codes are computed for this instant, nothing waits. */
const NOW = new Date('2030-01-01T12:00:10Z');
const STEP = Math.floor(NOW.getTime() / 30_000);
const META: RequestMeta = { actor: { type: 'user', id: null }, ip: '192.0.2.1' };
const USER = {
  id: 'u1',
  email: 'a@example.com',
  roles: ['admin'],
  status: 'active',
  must_change_password: false,
  password_expires_at: null,
  failed_attempts: 0,
  version: 1,
} as unknown as UserRow;
const reserved = (attempt: number, lockUntil: Date | null = null): Reservation => ({
  kind: 'decided',
  user: USER,
  decision: { kind: 'reserved', attempt, lockUntil, lockExpired: false, next: { failed_attempts: attempt, locked_until: lockUntil, last_attempt_at: NOW } },
});

/** Unit test: repositories, lockout and outbox are in-memory fakes. */
function setup(reservation: Reservation = reserved(1), assertion: AssertionOutcome = { kind: 'failed', reason: 'invalid_assertion' }) {
  const key = randomBytes(32);
  const secret = newTotpSecret();
  const factor: MfaFactorRow = {
    id: 'f1',
    user_id: 'u1',
    type: 'totp',
    label: 'phone',
    secret_encrypted: encryptSecret(secret, key, 'f1'),
    created_at: NOW,
    confirmed_at: NOW,
    last_used_at: null,
    last_used_step: STEP - 1,
  };
  const codes = new Set([hashRecoveryCode(key, 'u1', 'abcde-fghjk')]);
  const published: EventEnvelope[] = [];
  const repository = {
    transaction: jest.fn(async (fn: (m: unknown) => Promise<unknown>) => fn({})),
    confirmedFactors: jest.fn(async () => [factor]),
    acceptStep: jest.fn(async (_m: unknown, _id: string, step: number) => {
      if (Number(factor.last_used_step) >= step) return false;
      factor.last_used_step = step;
      return true;
    }),
    useRecoveryCode: jest.fn(async (_m: unknown, _u: string, hash: string) => codes.delete(hash)),
    recoveryCodesLeft: jest.fn(async () => codes.size),
  };
  // WebauthnService (the library's verification) has its own e2e proof; here only its outcome matters.
  const webauthn = { verifyAssertion: jest.fn(async () => assertion) };
  const lockout = { reserveForUser: jest.fn(async () => reservation), reset: jest.fn(async () => undefined) };
  const sut = new MfaChallengeService(
    repository as unknown as MfaRepository,
    lockout as unknown as LockoutRepository,
    { current: () => getPolicy('seed') } as unknown as PolicyProvider,
    { key: async () => key } as unknown as MfaKeyProvider,
    webauthn as unknown as WebauthnService,
    { publish: jest.fn(async (_m: unknown, events: EventEnvelope[]) => void published.push(...events)) } as unknown as UserStream,
    // A fake unit of work (unit test only): runs the work at once, in no transaction.
    new UnitOfWork({ transaction: async (fn: (m: unknown) => Promise<unknown>) => fn({}) } as unknown as DataSource, {} as EventRecorder, {
      wake: jest.fn(),
      publishCommitted: jest.fn(),
    }),
    'user-service',
    { now: () => NOW },
  );
  const code = (offsetSteps = 0) => generateSync({ secret, epoch: Math.floor(NOW.getTime() / 1000) + offsetSteps * 30 });
  return { sut, code, mocks: { lockout, published, webauthn } };
}

describe(MfaChallengeService.name, () => {
  it('accepts the current code once: resets the lockout and records MfaChallengeSucceeded and LoginSucceeded', async () => {
    const { sut, code, mocks } = setup();
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: code() }, META)).resolves.toEqual({
      id: 'u1',
      roles: ['admin'],
      password_change_required: false,
      mfa_methods: [],
      mfa_enrollment_required: false,
    });
    expect(mocks.lockout.reset).toHaveBeenCalled();
    expect(mocks.published.map((e) => e.type)).toEqual(['MfaChallengeSucceeded', 'LoginSucceeded']);
    expect(mocks.published[1].data).toEqual({ password_change_required: false, mfa: 'totp' });
  });

  it('refuses the same code again (replay within its window) with the answer of a wrong one', async () => {
    const { sut, code, mocks } = setup();
    const c = code();
    await sut.verify({ user_id: 'u1', type: 'totp', code: c }, META);
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: c }, META)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid credentials',
    });
    expect(mocks.published.at(-1)).toMatchObject({
      type: 'MfaChallengeFailed',
      outcome: 'failure',
      data: { method: 'totp', reason: 'replayed_code', failed_attempts: 1 },
    });
  });

  it('refuses the code of the step already used at enrolment, and accepts the next step', async () => {
    const { sut, code } = setup();
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: code(-1) }, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: code(1) }, META)).resolves.toMatchObject({ id: 'u1' });
  });

  it('a wrong code on the locking attempt records MfaChallengeFailed and AccountLocked, like a wrong password', async () => {
    const until = new Date(NOW.getTime() + 30 * 60_000);
    const { sut, mocks } = setup(reserved(5, until));
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: '000000' }, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(mocks.published.map((e) => e.type)).toEqual(['MfaChallengeFailed', 'AccountLocked']);
    expect(mocks.lockout.reset).not.toHaveBeenCalled();
  });

  it('a locked account is refused without looking at the code', async () => {
    const { sut, code, mocks } = setup({ kind: 'decided', user: USER, decision: { kind: 'locked', lockUntil: null } });
    await expect(sut.verify({ user_id: 'u1', type: 'totp', code: code() }, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(mocks.published.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([['MfaChallengeFailed', 'locked']]);
  });

  it('a recovery code works once and says how many are left; the code is in no event', async () => {
    const { sut, mocks } = setup();
    await expect(sut.verify({ user_id: 'u1', type: 'recovery_code', code: 'ABCDE-FGHJK' }, META)).resolves.toMatchObject({ id: 'u1' });
    expect(mocks.published.map((e) => e.type)).toEqual(['MfaChallengeSucceeded', 'RecoveryCodeUsed', 'LoginSucceeded']);
    expect(mocks.published[1].data).toEqual({ recovery_codes_left: 0 });
    await expect(sut.verify({ user_id: 'u1', type: 'recovery_code', code: 'abcde-fghjk' }, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(JSON.stringify(mocks.published).toLowerCase()).not.toContain('abcde');
  });

  it('a passkey assertion that fails verification counts as a failed attempt, with its reason and no key material', async () => {
    const { sut, mocks } = setup(reserved(2), { kind: 'failed', reason: 'counter_regressed' });
    const response = { id: 'cred-id-canary', rawId: 'cred-id-canary', type: 'public-key', response: { signature: 'sig' }, clientExtensionResults: {} } as const;
    await expect(sut.verify({ user_id: 'u1', type: 'webauthn', response, expected_challenge: 'challenge-canary' }, META)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(mocks.webauthn.verifyAssertion).toHaveBeenCalledWith(expect.anything(), 'u1', response, 'challenge-canary', NOW);
    expect(mocks.published.at(-1)).toMatchObject({ type: 'MfaChallengeFailed', data: { method: 'webauthn', reason: 'counter_regressed', failed_attempts: 2 } });
    expect(JSON.stringify(mocks.published)).not.toMatch(/canary/);
  });

  it('a verified passkey assertion finishes the login like a code', async () => {
    const { sut, mocks } = setup(reserved(1), { kind: 'ok', factorId: 'pk1' });
    const response = { id: 'c', rawId: 'c', type: 'public-key', response: {}, clientExtensionResults: {} } as const;
    await expect(sut.verify({ user_id: 'u1', type: 'webauthn', response, expected_challenge: 'x' }, META)).resolves.toMatchObject({ id: 'u1' });
    expect(mocks.lockout.reset).toHaveBeenCalled();
    expect(mocks.published.map((e) => [e.type, e.data])).toEqual([
      ['MfaChallengeSucceeded', { method: 'webauthn', factor_id: 'pk1' }],
      ['LoginSucceeded', { password_change_required: false, mfa: 'webauthn' }],
    ]);
  });

  it.each([
    ['a passkey type without an assertion', { type: 'webauthn', code: '123456' }],
    ['an unknown type', { type: 'sms', code: '123456' }],
    ['an over-long code', { type: 'totp', code: '1'.repeat(100) }],
    ['no code', { type: 'totp' }],
  ])('refuses %s before reserving an attempt', async (_name, body) => {
    const { sut, mocks } = setup();
    await expect(sut.verify({ user_id: 'u1', ...body } as never, META)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(mocks.lockout.reserveForUser).not.toHaveBeenCalled();
  });
});
