/**
 * Multi-factor authentication over HTTP with the stack as real processes: TOTP enrolment with
 * codes computed here (otplib, RFC 6238), the two-step login, replay refusal, recovery codes,
 * lockout shared with passwords, enforcement per role, step-up, the admin reset, and a canary:
 * no TOTP secret, code or recovery code in any log line, table (events, outbox, audit log) or
 * error body.
 */
import { generateSync } from 'otplib';
import { scopesForRoles } from '@tr4ction/contracts';
import type { ApiSchema } from '@tr4ction/http-api';
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { canaryApiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';
import { Db, register, relaunch, strongPassword, uniqueEmail } from '../support/identity';

const STEP_MS = 30_000;

type LoginAnswer = { data?: ApiSchema<'LoginResponse'> };

/** The token pair of a login that needed no second factor. */
function tokensOf(answer: LoginAnswer): ApiSchema<'TokenPair'> {
  if (!answer.data || !('access_token' in answer.data)) throw new Error(`no tokens: ${JSON.stringify(answer.data)}`);
  return answer.data;
}

/** The mfa_token of a login that asked for a second factor. */
function mfaTokenOf(answer: LoginAnswer): string {
  if (!answer.data || !('mfa_token' in answer.data)) throw new Error(`no MFA challenge: ${JSON.stringify(answer.data)}`);
  return answer.data.mfa_token;
}

function scopeOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { scope: string }).scope;
}

/** The code of the time step `offset` steps from `at`, as an authenticator app would show it. */
function totp(secret: string, offset = 0, at = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor((at + offset * STEP_MS) / 1000) });
}

/**
 * A code is valid for its step ±1; a step boundary passing between computing a code and the server
 * checking it would shift that window. Wait (with a deadline) until the boundary is not imminent.
 */
async function awayFromStepBoundary(): Promise<void> {
  await waitFor(() => STEP_MS - (Date.now() % STEP_MS) > 5_000 || undefined, { timeoutMs: 10_000, intervalMs: 200, what: 'a time step with room left' });
}

describe('multi-factor authentication (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let admin: string;
  /** Every value that must stay secret, and every error body seen, for the canary. */
  const secrets: string[] = [];
  const codes: string[] = [];
  const errorBodies: string[] = [];

  /** The typed client as the holder of `token`; every error body it sees goes to the canary. */
  const api = canaryApiClient(() => stack.baseUrl, errorBodies);

  const login = (email: string, password: string) => api().POST('/auth/login', { body: { email, password } });
  const challenge = (mfaToken: string, type: 'totp' | 'recovery_code', code: string) => {
    codes.push(code);
    return api().POST('/auth/mfa/challenge', { body: { mfa_token: mfaToken, type, code } });
  };

  /** Enrols TOTP with the code of the previous step (leaving the current and the next for logins); returns the secret and any recovery codes. */
  async function enrolTotp(token: string, password: string): Promise<{ id: string; secret: string; recoveryCodes: string[] }> {
    const { data: started, response } = await api(token).POST('/auth/mfa/totp', { body: { current_password: password, label: 'phone' } });
    expect(response.status).toBe(201);
    if (!started) throw new Error('no TOTP enrolment');
    expect(started.otpauth_uri).toMatch(/^otpauth:\/\/totp\/TR4CTION:/);
    expect(new URL(started.otpauth_uri).searchParams.get('secret')).toBe(started.secret);
    secrets.push(started.secret, started.otpauth_uri);
    await awayFromStepBoundary();
    const code = totp(started.secret, -1);
    codes.push(code);
    const confirmed = await api(token).POST('/auth/mfa/totp/{id}/confirm', { params: { path: { id: started.id } }, body: { code } });
    expect(confirmed.response.status).toBe(200);
    const recoveryCodes = confirmed.data?.recovery_codes ?? [];
    secrets.push(...recoveryCodes);
    return { id: started.id, secret: started.secret, recoveryCodes };
  }

  async function newUser(prefix: string): Promise<{ id: string; email: string; password: string; token: string }> {
    const email = uniqueEmail(prefix);
    const password = strongPassword();
    secrets.push(password);
    const id = await register(stack.baseUrl, email, password);
    const res = await login(email, password);
    expect(res.response.status).toBe(200);
    return { id, email, password, token: tokensOf(res).access_token };
  }

  beforeAll(async () => {
    stack = await ServiceStack.start();
    db = await Db.connect(stack.databaseUrl);
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  describe('TOTP and recovery codes', () => {
    let user: Awaited<ReturnType<typeof newUser>>;
    let factor: Awaited<ReturnType<typeof enrolTotp>>;

    beforeAll(async () => {
      user = await newUser('mfa');
      factor = await enrolTotp(user.token, user.password);
    });

    it('the first enrolment shows ten distinct recovery codes once; GET /auth/mfa lists the factor', async () => {
      expect(factor.recoveryCodes).toHaveLength(10);
      expect(new Set(factor.recoveryCodes).size).toBe(10);
      const status = await api(user.token).GET('/auth/mfa');
      expect(status.data).toMatchObject({ methods: [{ id: factor.id, type: 'totp', label: 'phone' }], recovery_codes_left: 10 });
      expect(JSON.stringify(status.data)).not.toContain(factor.secret);
    });

    it('login -> mfa_required without tokens; the challenge with the current code -> tokens; the same code again -> refused', async () => {
      const first = await login(user.email, user.password);
      expect(first.response.status).toBe(200);
      expect(first.data).toEqual({ mfa_required: true, mfa_token: expect.stringMatching(/^mt_/), methods: ['totp', 'recovery_code'] });
      secrets.push(mfaTokenOf(first));
      await awayFromStepBoundary();
      const at = Date.now();
      const code = totp(factor.secret, 0, at);
      const nextCode = totp(factor.secret, 1, at);
      const done = await challenge(mfaTokenOf(first), 'totp', code);
      expect(done.response.status).toBe(200);
      // The full scopes of the user's role (a founder: none of the admin scopes), no restricted one.
      expect(scopeOf(done.data?.access_token ?? '')).toBe(scopesForRoles(['founder']).join(' '));
      expect((await api(done.data?.access_token).GET('/auth/me')).response.status).toBe(200);
      // The mfa_token is spent by the completed login.
      expect((await challenge(mfaTokenOf(first), 'totp', nextCode)).error?.code).toBe('INVALID_TOKEN');

      const again = await login(user.email, user.password);
      const replay = await challenge(mfaTokenOf(again), 'totp', code);
      expect(replay.response.status).toBe(401);
      expect(replay.error?.code).toBe('INVALID_CREDENTIALS');
      // The next step's code still works with the same mfa_token (a wrong factor hands it back).
      const next = await challenge(mfaTokenOf(again), 'totp', nextCode);
      expect(next.response.status).toBe(200);
      const events = (await db.userEvents(user.id)).map((e) => (e.type === 'MfaChallengeFailed' ? `failed:${String(e.data.reason)}` : e.type));
      const mfaFlow = events.filter((t) => t.startsWith('Mfa') || t.startsWith('failed') || t === 'LoginSucceeded');
      // The password step of a user with a factor records nothing: LoginSucceeded waits for the second factor.
      expect(mfaFlow).toEqual([
        'LoginSucceeded',
        'MfaEnrolled',
        'MfaChallengeSucceeded',
        'LoginSucceeded',
        'failed:replayed_code',
        'MfaChallengeSucceeded',
        'LoginSucceeded',
      ]);
    });

    it('a recovery code works once', async () => {
      const [code] = factor.recoveryCodes;
      const first = await login(user.email, user.password);
      const used = await challenge(mfaTokenOf(first), 'recovery_code', code.toUpperCase());
      expect(used.response.status).toBe(200);
      const second = await login(user.email, user.password);
      const reused = await challenge(mfaTokenOf(second), 'recovery_code', code);
      expect({ status: reused.response.status, code: reused.error?.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect((await api(used.data?.access_token).GET('/auth/mfa')).data?.recovery_codes_left).toBe(9);
    });

    it('step-up: a session signed in longer ago than STEP_UP_MAX_AGE_MINUTES may not regenerate codes or remove a factor; a fresh one may', async () => {
      // auth_time is the session's sign-in: an auth-service clock 10 minutes behind signs one in "10 minutes ago".
      await relaunch(stack, 'auth-service', { TR4CTION_CLOCK_OFFSET_MS: String(-10 * 60_000) });
      const old = await login(user.email, user.password);
      const oldSession = await challenge(mfaTokenOf(old), 'recovery_code', factor.recoveryCodes[3]);
      expect(oldSession.response.status).toBe(200);
      await relaunch(stack, 'auth-service', {});
      const stale = api(oldSession.data?.access_token);
      expect((await stale.POST('/auth/mfa/recovery-codes')).error?.code).toBe('REAUTHENTICATION_REQUIRED');
      expect((await stale.DELETE('/auth/mfa/{id}', { params: { path: { id: factor.id } } })).error?.code).toBe('REAUTHENTICATION_REQUIRED');

      const first = await login(user.email, user.password);
      const signedIn = await challenge(mfaTokenOf(first), 'recovery_code', factor.recoveryCodes[1]);
      expect(signedIn.response.status).toBe(200);
      const fresh = await api(signedIn.data?.access_token).POST('/auth/mfa/recovery-codes');
      expect(fresh.response.status).toBe(200);
      const freshCodes = fresh.data?.recovery_codes ?? [];
      expect(freshCodes).toHaveLength(10);
      secrets.push(...freshCodes);
      // The old set is void.
      const again = await login(user.email, user.password);
      expect((await challenge(mfaTokenOf(again), 'recovery_code', factor.recoveryCodes[2])).response.status).toBe(401);
      expect((await challenge(mfaTokenOf(again), 'recovery_code', freshCodes[0])).response.status).toBe(200);

      expect((await api(signedIn.data?.access_token).DELETE('/auth/mfa/{id}', { params: { path: { id: factor.id } } })).response.status).toBe(204);
      const plain = await login(user.email, user.password);
      expect(plain.data).toMatchObject({ access_token: expect.any(String) });
      expect(plain.data).not.toHaveProperty('mfa_required');
      expect((await api(tokensOf(plain).access_token).GET('/auth/mfa')).data).toEqual({
        methods: [],
        recovery_codes_left: 0,
      });
    });

    it('bad input: 400 problem JSON, never 500', async () => {
      // Bodies the document refuses, on purpose: sent raw, their error bodies recorded for the canary all the same.
      for (const body of [{}, { mfa_token: 'mt_x', type: 'sms', code: '123456' }, { mfa_token: 'mt_x', type: 'totp', code: 'x'.repeat(100) }]) {
        const res = await http(stack.baseUrl, 'POST', '/auth/mfa/challenge', { body });
        if (res.status >= 400) errorBodies.push(res.text);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect((await challenge('mt_unknown', 'totp', '123456')).error?.code).toBe('INVALID_TOKEN');
      const confirmed = await api(user.token).POST('/auth/mfa/totp/{id}/confirm', { params: { path: { id: 'not-a-uuid' } }, body: { code: '123456' } });
      expect(confirmed.response.status).toBe(400);
      expect((await api(user.token).POST('/auth/mfa/totp', { body: { current_password: 'wrong-password' } })).error?.code).toBe('INVALID_CREDENTIALS');
    });
  });

  it('5 wrong codes lock the account like 5 wrong passwords; then even the right code and password are refused', async () => {
    const user = await newUser('mfalock');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    for (let i = 0; i < 5; i++) {
      const wrong = String((Number(totp(secret)) + 1 + i) % 1_000_000).padStart(6, '0');
      const res = await challenge(mfaTokenOf(started), 'totp', wrong);
      expect({ i, status: res.response.status, code: res.error?.code }).toEqual({ i, status: 401, code: 'INVALID_CREDENTIALS' });
    }
    expect((await challenge(mfaTokenOf(started), 'totp', totp(secret))).response.status).toBe(401);
    expect((await login(user.email, user.password)).response.status).toBe(401);
    const events = await db.userEvents(user.id);
    expect(events.filter((e) => e.type === 'MfaChallengeFailed' && e.data.reason === 'wrong_code')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'AccountLocked')).toHaveLength(1);
  });

  it('an admin reset removes every factor and ends the user’s sessions', async () => {
    const user = await newUser('mfareset');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    const session = await challenge(mfaTokenOf(started), 'totp', totp(secret));
    expect(session.response.status).toBe(200);
    const reset = { params: { path: { id: user.id } } };
    expect((await api(user.token).POST('/admin/users/{id}/mfa/reset', reset)).error?.code).toBe('FORBIDDEN');

    expect((await api(admin).POST('/admin/users/{id}/mfa/reset', reset)).response.status).toBe(204);
    expect((await api(session.data?.access_token).GET('/auth/me')).response.status).toBe(401);
    expect((await api().POST('/auth/refresh', { body: { refresh_token: session.data?.refresh_token ?? '' } })).response.status).toBe(401);
    const after = await login(user.email, user.password);
    expect(after.data).not.toHaveProperty('mfa_required');
    expect((await api(tokensOf(after).access_token).GET('/auth/mfa')).data?.methods).toEqual([]);
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE subject_id = $1 AND type IN ('MfaReset', 'TokenRevoked')`, [
            user.id,
          ])
        )[0].n >= 2,
      { timeoutMs: 30_000, what: 'MfaReset and TokenRevoked in the audit log' },
    );
    const unknown = await api(admin).POST('/admin/users/{id}/mfa/reset', { params: { path: { id: '00000000-0000-7000-8000-000000000000' } } });
    expect(unknown.response.status).toBe(404);
  });

  it('`tr4ction admin reset-mfa --email` does the same from the operator CLI, recorded with the operator as actor', async () => {
    const user = await newUser('mfacli');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    const session = await challenge(mfaTokenOf(started), 'totp', totp(secret));
    const res = await runCli(['--operator', 'mfa-e2e', '--json', 'admin', 'reset-mfa', '--email', user.email], { env: stackEnv(stack) });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.json()).toMatchObject({ ok: true, user_id: user.id, email: user.email, factors_removed: 1, propagated: true });
    expect((await api(session.data?.access_token).GET('/auth/me')).response.status).toBe(401);
    expect((await login(user.email, user.password)).data).toMatchObject({ access_token: expect.any(String) });
    const reset = (await db.userEvents(user.id)).find((e) => e.type === 'MfaReset');
    expect(reset).toMatchObject({ actor: { type: 'cli', id: 'mfa-e2e' }, data: { factors_removed: 1 } });
    const unknown = await runCli(['--operator', 'mfa-e2e', 'admin', 'reset-mfa', '--email', 'nobody@example.com'], { env: stackEnv(stack) });
    expect(unknown.code).toBe(1);
  });

  describe('mfa_required_roles', () => {
    afterAll(async () => {
      // Leave the setting as found for the canary (the admin now has a factor anyway).
      await api(admin).PUT('/admin/settings', { body: { mfa_required_roles: [] } });
    });

    it('an admin without a factor can, after the password, only enrol one; a forced password change comes first', async () => {
      const { data: created, response } = await api(admin).POST('/admin/users', { body: { email: uniqueEmail('mfaadm'), roles: ['admin'] } });
      expect(response.status).toBe(201);
      if (!created) throw new Error('no user created');
      secrets.push(created.temporary_password);
      const email = (await db.query<{ email: string }>(`SELECT email FROM users.users_v1 WHERE id = $1`, [created.id]))[0].email;
      const set = await api(admin).PUT('/admin/settings', { body: { mfa_required_roles: ['admin'] } });
      expect({ status: set.response.status, roles: set.data?.mfa_required_roles }).toEqual({ status: 200, roles: ['admin'] });

      // The temporary password must be changed first.
      const first = tokensOf(await login(email, created.temporary_password));
      expect(scopeOf(first.access_token)).toBe('password:change');
      expect(first.mfa_enrollment_required).toBeUndefined();
      expect((await api(first.access_token).GET('/auth/mfa')).error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const password = strongPassword();
      secrets.push(password);
      expect(
        (
          await api(first.access_token).POST('/auth/change-password', {
            body: { current_password: created.temporary_password, new_password: password },
          })
        ).response.status,
      ).toBe(204);

      const secondAnswer = await login(email, password);
      expect(secondAnswer.response.status).toBe(200);
      const second = tokensOf(secondAnswer);
      expect(second.mfa_enrollment_required).toBe(true);
      const enrolOnly = second.access_token;
      expect(scopeOf(enrolOnly)).toBe('mfa:enroll');
      for (const path of ['/auth/me', '/admin/users', '/audit/events'] as const) {
        const res = await api(enrolOnly).GET(path);
        expect({ path, status: res.response.status, code: res.error?.code }).toEqual({ path, status: 403, code: 'MFA_ENROLLMENT_REQUIRED' });
      }
      // A refresh does not widen it.
      const refreshed = await api().POST('/auth/refresh', { body: { refresh_token: second.refresh_token } });
      expect(scopeOf(refreshed.data?.access_token ?? '')).toBe('mfa:enroll');

      expect((await api(enrolOnly).GET('/auth/mfa')).response.status).toBe(200);
      const { secret } = await enrolTotp(enrolOnly, password);
      const third = await login(email, password);
      expect(third.data).toMatchObject({ mfa_required: true });
      const full = await challenge(mfaTokenOf(third), 'totp', totp(secret));
      expect(scopeOf(full.data?.access_token ?? '')).toBe(scopesForRoles(['admin']).join(' '));
      expect((await api(full.data?.access_token).GET('/admin/users')).response.status).toBe(200);
    });

    it('a founder is not affected by an admin-only requirement', async () => {
      const user = await newUser('mfafounder');
      expect(scopeOf(user.token)).toBe(scopesForRoles(['founder']).join(' '));
    });
  });

  describe('canary', () => {
    it('TOTP secrets, codes and recovery codes appear in no log, table (events, outbox, audit log) or error body', async () => {
      // Let the flows' events reach the audit log first.
      await waitFor(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE type = 'MfaEnrolled'`))[0].n >= 4, {
        timeoutMs: 30_000,
        what: 'the MFA events in the audit log',
      });
      expect(secrets.length).toBeGreaterThan(30);
      expect(codes.length).toBeGreaterThan(10);
      const tables = await db.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('users', 'auth', 'audit', 'rotation', 'gateway') AND table_type = 'BASE TABLE'`,
      );
      const where: string[] = [];
      // A 6-digit code is searched as a whole number, so that longer digit runs (times, ids) do not match by chance.
      const needle = (value: string) => (/^[0-9]{6}$/.test(value) ? new RegExp(`(?<![0-9A-Za-z])${value}(?![0-9A-Za-z])`) : undefined);
      const found = (text: string, value: string) => needle(value)?.test(text) ?? text.toLowerCase().includes(value.toLowerCase());
      for (const { s, t } of tables) {
        const text = (await db.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${s}"."${t}" x`)).map((r) => r.row).join('\n');
        for (const value of [...secrets, ...codes]) if (found(text, value)) where.push(`${s}.${t}`);
      }
      const logs = stack.logs.join('\n');
      const errors = errorBodies.join('\n');
      for (const value of [...secrets, ...codes]) {
        if (found(logs, value)) where.push('logs');
        if (found(errors, value)) where.push('error bodies');
      }
      expect(where).toEqual([]);
      expect(tables.length).toBeGreaterThan(8);
      console.log(
        `mfa canary: ${secrets.length} secrets and ${codes.length} codes checked against ${stack.logs.length} log lines, ${tables.length} tables, ${errorBodies.length} error bodies`,
      );
    });
  });
});
