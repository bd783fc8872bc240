/**
 * Multi-factor authentication over HTTP with the stack as real processes: TOTP enrolment with
 * codes computed here (otplib, RFC 6238), the two-step login, replay refusal, recovery codes,
 * lockout shared with passwords, enforcement per role, step-up, the admin reset, and a canary:
 * no TOTP secret, code or recovery code in any log line, table (events, outbox, audit log) or
 * error body.
 */
import { generateSync } from 'otplib';
import { scopesForRoles } from '@tr4ction/contracts';
import { http, ServiceStack, waitFor, type HttpResult } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { runCli, stackEnv } from '../support/cli';
import { Db, register, relaunch, strongPassword, uniqueEmail } from '../support/identity';

const STEP_MS = 30_000;

interface Tokens {
  access_token: string;
  refresh_token: string;
  password_change_required: boolean;
  mfa_enrollment_required?: boolean;
}
interface MfaRequired {
  mfa_required: true;
  mfa_token: string;
  methods: string[];
}
type LoginAnswer = Partial<Tokens> & Partial<MfaRequired> & { code?: string; detail?: string };

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

  async function call<T = LoginAnswer>(method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<HttpResult<T>> {
    const res = await http<T>(stack.baseUrl, method, path, options);
    if (res.status >= 400) errorBodies.push(res.text);
    return res;
  }

  const login = (email: string, password: string) => call('POST', '/auth/login', { body: { email, password } });
  const challenge = (mfaToken: string, type: 'totp' | 'recovery_code', code: string) => {
    codes.push(code);
    return call('POST', '/auth/mfa/challenge', { body: { mfa_token: mfaToken, type, code } });
  };

  /** Enrols TOTP with the code of the previous step (leaving the current and the next for logins); returns the secret and any recovery codes. */
  async function enrolTotp(token: string, password: string): Promise<{ id: string; secret: string; recoveryCodes: string[] }> {
    const started = await call<{ id: string; secret: string; otpauth_uri: string }>('POST', '/auth/mfa/totp', {
      token,
      body: { current_password: password, label: 'phone' },
    });
    expect(started.status).toBe(201);
    expect(started.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/TR4CTION:/);
    expect(new URL(started.body.otpauth_uri).searchParams.get('secret')).toBe(started.body.secret);
    secrets.push(started.body.secret, started.body.otpauth_uri);
    await awayFromStepBoundary();
    const code = totp(started.body.secret, -1);
    codes.push(code);
    const confirmed = await call<{ recovery_codes?: string[] }>('POST', `/auth/mfa/totp/${started.body.id}/confirm`, { token, body: { code } });
    expect(confirmed.status).toBe(200);
    const recoveryCodes = confirmed.body.recovery_codes ?? [];
    secrets.push(...recoveryCodes);
    return { id: started.body.id, secret: started.body.secret, recoveryCodes };
  }

  async function newUser(prefix: string): Promise<{ id: string; email: string; password: string; token: string }> {
    const email = uniqueEmail(prefix);
    const password = strongPassword();
    secrets.push(password);
    const id = await register(stack.baseUrl, email, password);
    const res = await login(email, password);
    expect(res.status).toBe(200);
    return { id, email, password, token: res.body.access_token as string };
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
      const status = await call<{ methods: Array<{ id: string; type: string; label: string }>; recovery_codes_left: number }>('GET', '/auth/mfa', {
        token: user.token,
      });
      expect(status.body).toMatchObject({ methods: [{ id: factor.id, type: 'totp', label: 'phone' }], recovery_codes_left: 10 });
      expect(status.text).not.toContain(factor.secret);
    });

    it('login -> mfa_required without tokens; the challenge with the current code -> tokens; the same code again -> refused', async () => {
      const first = await login(user.email, user.password);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ mfa_required: true, mfa_token: expect.stringMatching(/^mt_/), methods: ['totp', 'recovery_code'] });
      secrets.push(first.body.mfa_token as string);
      await awayFromStepBoundary();
      const at = Date.now();
      const code = totp(factor.secret, 0, at);
      const nextCode = totp(factor.secret, 1, at);
      const done = await challenge(first.body.mfa_token as string, 'totp', code);
      expect(done.status).toBe(200);
      // The full scopes of the user's role (a founder: none of the admin scopes), no restricted one.
      expect(scopeOf(done.body.access_token as string)).toBe(scopesForRoles(['founder']).join(' '));
      expect((await call('GET', '/auth/me', { token: done.body.access_token })).status).toBe(200);
      // The mfa_token is spent by the completed login.
      expect((await challenge(first.body.mfa_token as string, 'totp', nextCode)).body.code).toBe('INVALID_TOKEN');

      const again = await login(user.email, user.password);
      const replay = await challenge(again.body.mfa_token as string, 'totp', code);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('INVALID_CREDENTIALS');
      // The next step's code still works with the same mfa_token (a wrong factor hands it back).
      const next = await challenge(again.body.mfa_token as string, 'totp', nextCode);
      expect(next.status).toBe(200);
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
      const used = await challenge(first.body.mfa_token as string, 'recovery_code', code.toUpperCase());
      expect(used.status).toBe(200);
      const second = await login(user.email, user.password);
      const reused = await challenge(second.body.mfa_token as string, 'recovery_code', code);
      expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect((await call<{ recovery_codes_left: number }>('GET', '/auth/mfa', { token: used.body.access_token })).body.recovery_codes_left).toBe(9);
    });

    it('step-up: a session signed in longer ago than STEP_UP_MAX_AGE_MINUTES may not regenerate codes or remove a factor; a fresh one may', async () => {
      // auth_time is the session's sign-in: an auth-service clock 10 minutes behind signs one in "10 minutes ago".
      await relaunch(stack, 'auth-service', { TR4CTION_CLOCK_OFFSET_MS: String(-10 * 60_000) });
      const old = await login(user.email, user.password);
      const oldSession = await challenge(old.body.mfa_token as string, 'recovery_code', factor.recoveryCodes[3]);
      expect(oldSession.status).toBe(200);
      await relaunch(stack, 'auth-service', {});
      const stale = oldSession.body.access_token as string;
      expect((await call('POST', '/auth/mfa/recovery-codes', { token: stale })).body.code).toBe('REAUTHENTICATION_REQUIRED');
      expect((await call('DELETE', `/auth/mfa/${factor.id}`, { token: stale })).body.code).toBe('REAUTHENTICATION_REQUIRED');

      const first = await login(user.email, user.password);
      const signedIn = await challenge(first.body.mfa_token as string, 'recovery_code', factor.recoveryCodes[1]);
      expect(signedIn.status).toBe(200);
      const fresh = await call<{ recovery_codes: string[] }>('POST', '/auth/mfa/recovery-codes', { token: signedIn.body.access_token });
      expect(fresh.status).toBe(200);
      expect(fresh.body.recovery_codes).toHaveLength(10);
      secrets.push(...fresh.body.recovery_codes);
      // The old set is void.
      const again = await login(user.email, user.password);
      expect((await challenge(again.body.mfa_token as string, 'recovery_code', factor.recoveryCodes[2])).status).toBe(401);
      expect((await challenge(again.body.mfa_token as string, 'recovery_code', fresh.body.recovery_codes[0])).status).toBe(200);

      expect((await call('DELETE', `/auth/mfa/${factor.id}`, { token: signedIn.body.access_token })).status).toBe(204);
      const plain = await login(user.email, user.password);
      expect(plain.body.access_token).toBeDefined();
      expect(plain.body.mfa_required).toBeUndefined();
      expect((await call<{ methods: unknown[]; recovery_codes_left: number }>('GET', '/auth/mfa', { token: plain.body.access_token })).body).toEqual({
        methods: [],
        recovery_codes_left: 0,
      });
    });

    it('bad input: 400 problem JSON, never 500', async () => {
      for (const body of [{}, { mfa_token: 'mt_x', type: 'sms', code: '123456' }, { mfa_token: 'mt_x', type: 'totp', code: 'x'.repeat(100) }]) {
        const res = await call('POST', '/auth/mfa/challenge', { body });
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect((await challenge('mt_unknown', 'totp', '123456')).body.code).toBe('INVALID_TOKEN');
      expect((await call('POST', '/auth/mfa/totp/not-a-uuid/confirm', { token: user.token, body: { code: '123456' } })).status).toBe(400);
      expect((await call('POST', '/auth/mfa/totp', { token: user.token, body: { current_password: 'wrong-password' } })).body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  it('5 wrong codes lock the account like 5 wrong passwords; then even the right code and password are refused', async () => {
    const user = await newUser('mfalock');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    for (let i = 0; i < 5; i++) {
      const wrong = String((Number(totp(secret)) + 1 + i) % 1_000_000).padStart(6, '0');
      const res = await challenge(started.body.mfa_token as string, 'totp', wrong);
      expect({ i, status: res.status, code: res.body.code }).toEqual({ i, status: 401, code: 'INVALID_CREDENTIALS' });
    }
    expect((await challenge(started.body.mfa_token as string, 'totp', totp(secret))).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    const events = await db.userEvents(user.id);
    expect(events.filter((e) => e.type === 'MfaChallengeFailed' && e.data.reason === 'wrong_code')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'AccountLocked')).toHaveLength(1);
  });

  it('an admin reset removes every factor and ends the user’s sessions', async () => {
    const user = await newUser('mfareset');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    const session = await challenge(started.body.mfa_token as string, 'totp', totp(secret));
    expect(session.status).toBe(200);
    expect((await call('POST', `/admin/users/${user.id}/mfa/reset`, { token: user.token })).body.code).toBe('FORBIDDEN');

    expect((await call('POST', `/admin/users/${user.id}/mfa/reset`, { token: admin })).status).toBe(204);
    expect((await call('GET', '/auth/me', { token: session.body.access_token })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: { refresh_token: session.body.refresh_token } })).status).toBe(401);
    const after = await login(user.email, user.password);
    expect(after.body.mfa_required).toBeUndefined();
    expect((await call<{ methods: unknown[] }>('GET', '/auth/mfa', { token: after.body.access_token })).body.methods).toEqual([]);
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE subject_id = $1 AND type IN ('MfaReset', 'TokenRevoked')`, [
            user.id,
          ])
        )[0].n >= 2,
      { timeoutMs: 30_000, what: 'MfaReset and TokenRevoked in the audit log' },
    );
    expect((await call('POST', `/admin/users/00000000-0000-7000-8000-000000000000/mfa/reset`, { token: admin })).status).toBe(404);
  });

  it('`tr4ction admin reset-mfa --email` does the same from the operator CLI, recorded with the operator as actor', async () => {
    const user = await newUser('mfacli');
    const { secret } = await enrolTotp(user.token, user.password);
    const started = await login(user.email, user.password);
    const session = await challenge(started.body.mfa_token as string, 'totp', totp(secret));
    const res = await runCli(['--operator', 'mfa-e2e', '--json', 'admin', 'reset-mfa', '--email', user.email], { env: stackEnv(stack) });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.json()).toMatchObject({ ok: true, user_id: user.id, email: user.email, factors_removed: 1, propagated: true });
    expect((await call('GET', '/auth/me', { token: session.body.access_token })).status).toBe(401);
    expect((await login(user.email, user.password)).body.access_token).toBeDefined();
    const reset = (await db.userEvents(user.id)).find((e) => e.type === 'MfaReset');
    expect(reset).toMatchObject({ actor: { type: 'cli', id: 'mfa-e2e' }, data: { factors_removed: 1 } });
    const unknown = await runCli(['--operator', 'mfa-e2e', 'admin', 'reset-mfa', '--email', 'nobody@example.com'], { env: stackEnv(stack) });
    expect(unknown.code).toBe(1);
  });

  describe('mfa_required_roles', () => {
    afterAll(async () => {
      // Leave the setting as found for the canary (the admin now has a factor anyway).
      await call('PUT', '/admin/settings', { token: admin, body: { mfa_required_roles: [] } });
    });

    it('an admin without a factor can, after the password, only enrol one; a forced password change comes first', async () => {
      const created = await call<{ id: string; temporary_password: string }>('POST', '/admin/users', {
        token: admin,
        body: { email: uniqueEmail('mfaadm'), roles: ['admin'] },
      });
      expect(created.status).toBe(201);
      secrets.push(created.body.temporary_password);
      const email = (await db.query<{ email: string }>(`SELECT email FROM users.users_v1 WHERE id = $1`, [created.body.id]))[0].email;
      const set = await call<{ mfa_required_roles: string[] }>('PUT', '/admin/settings', { token: admin, body: { mfa_required_roles: ['admin'] } });
      expect({ status: set.status, roles: set.body.mfa_required_roles }).toEqual({ status: 200, roles: ['admin'] });

      // The temporary password must be changed first.
      const first = await login(email, created.body.temporary_password);
      expect(scopeOf(first.body.access_token as string)).toBe('password:change');
      expect(first.body.mfa_enrollment_required).toBeUndefined();
      expect((await call('GET', '/auth/mfa', { token: first.body.access_token })).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const password = strongPassword();
      secrets.push(password);
      expect(
        (
          await call('POST', '/auth/change-password', {
            token: first.body.access_token,
            body: { current_password: created.body.temporary_password, new_password: password },
          })
        ).status,
      ).toBe(204);

      const second = await login(email, password);
      expect(second.status).toBe(200);
      expect(second.body.mfa_enrollment_required).toBe(true);
      const enrolOnly = second.body.access_token as string;
      expect(scopeOf(enrolOnly)).toBe('mfa:enroll');
      for (const [method, path] of [
        ['GET', '/auth/me'],
        ['GET', '/admin/users'],
        ['GET', '/audit/events'],
      ] as const) {
        const res = await call(method, path, { token: enrolOnly });
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'MFA_ENROLLMENT_REQUIRED' });
      }
      // A refresh does not widen it.
      const refreshed = await call<Tokens>('POST', '/auth/refresh', { body: { refresh_token: second.body.refresh_token } });
      expect(scopeOf(refreshed.body.access_token)).toBe('mfa:enroll');

      expect((await call('GET', '/auth/mfa', { token: enrolOnly })).status).toBe(200);
      const { secret } = await enrolTotp(enrolOnly, password);
      const third = await login(email, password);
      expect(third.body.mfa_required).toBe(true);
      const full = await challenge(third.body.mfa_token as string, 'totp', totp(secret));
      expect(scopeOf(full.body.access_token as string)).toBe(scopesForRoles(['admin']).join(' '));
      expect((await call('GET', '/admin/users', { token: full.body.access_token })).status).toBe(200);
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
