/**
 * The recovery and rotation commands of `tr4ction` against the stack as real processes: each is
 * run as an operator would, then its effect is checked over HTTP (a locked admin back in with a
 * temporary password that must be changed; old tokens rejected the moment revoke-all or an
 * emergency key revocation returns; a rotated service-account secret working beside the old one
 * in the grace window) and its audit records are read back from GET /audit/events, each with
 * actor `{type: 'cli', id: <operator>}` and none holding a secret.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ApiSchema } from '@tr4ction/http-api';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { ADMIN_EMAIL, adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';
import { decodeJwt } from '../support/tokens';

const OPERATOR = 'e2e-recovery';
const PASSWORD = 'Harbor-Quartz-2719!';
const HOUR_MS = 3_600_000;

type AuditRecord = ApiSchema<'AuditRecord'>;

describe('tr4ction recovery and rotation commands (e2e, running stack)', () => {
  let stack: ServiceStack;
  let db: Client;
  let adminPassword = 'Blue-Harbor-Lamp-77!';
  const masterKey = randomBytes(32).toString('hex');
  /** Every secret a command printed: none may reach the audit log. */
  const printed: string[] = [];

  const cli = (args: string[], input?: string) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack), input });
  const me = async (token: string) => (await apiClient(stack.baseUrl, token).GET('/auth/me')).response;

  async function admin(): Promise<string> {
    const res = await login(stack.baseUrl, ADMIN_EMAIL, adminPassword);
    if (res.status !== 200 || !res.access_token) throw new Error(`admin login failed: ${res.status}`);
    return res.access_token;
  }

  /** What GET /audit/events holds for one command run (its trace), read as an admin would. */
  async function recordsOf(traceId: string, types: string[]): Promise<AuditRecord[]> {
    return waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, await admin()).GET('/audit/events', { params: { query: { trace_id: traceId, limit: '100' } } });
        expect(res.response.status).toBe(200);
        const items = (res.data?.items ?? []).filter((r) => types.includes(r.type));
        return types.every((t) => items.some((r) => r.type === t)) && items;
      },
      { timeoutMs: 20_000, what: `audit records ${types.join(', ')} of trace ${traceId}` },
    );
  }

  async function newUser(): Promise<string> {
    const email = `recovery-${randomBytes(4).toString('hex')}@example.com`;
    expect((await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password: PASSWORD } })).response.status).toBe(201);
    return email;
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { JWKS_CACHE_SECONDS: '2', ROTATION_CHECK_INTERVAL_MS: '500', SIGNING_KEYS_MASTER_KEY: masterKey } });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await adminToken(stack.baseUrl, adminPassword);
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await stack?.stop();
  });

  describe('admin reset-password (lost admin password)', () => {
    it('lets a locked-out admin back in with a printed temporary password that must be changed, and ends the old sessions', async () => {
      const before = await admin();
      // The admin forgot the password: five wrong attempts lock the account (seed policy).
      for (let i = 0; i < 6; i++) expect((await login(stack.baseUrl, ADMIN_EMAIL, `Wrong-Guess-${i}-xx!`)).status).toBe(401);
      expect((await login(stack.baseUrl, ADMIN_EMAIL, adminPassword)).status).toBe(401);

      const res = await cli(['--json', 'admin', 'reset-password', '--email', ADMIN_EMAIL]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const out = res.json<{
        ok: boolean;
        user_id: string;
        email: string;
        temporary_password: string;
        password_source: string;
        unlocked: boolean;
        must_change_password: boolean;
        trace_id: string;
      }>();
      expect(out).toMatchObject({ ok: true, email: ADMIN_EMAIL, password_source: 'generated', unlocked: true, must_change_password: true });
      printed.push(out.temporary_password);

      // The command returned: the old session is already rejected (no waiting).
      expect((await me(before)).status).toBe(401);
      const first = await login(stack.baseUrl, ADMIN_EMAIL, out.temporary_password);
      expect(first).toMatchObject({ status: 200, password_change_required: true });
      const blocked = await apiClient(stack.baseUrl, first.access_token).GET('/admin/users');
      expect(blocked.response.status).toBe(403);
      expect(blocked.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
      adminPassword = 'Cobalt-Meadow-Drum-58!';
      const changed = await apiClient(stack.baseUrl, first.access_token).POST('/auth/change-password', {
        body: { current_password: out.temporary_password, new_password: adminPassword },
      });
      expect(changed.response.status).toBe(204);
      expect((await apiClient(stack.baseUrl, await admin()).GET('/admin/users')).response.status).toBe(200);

      const records = await recordsOf(out.trace_id, ['PasswordResetByAdmin', 'AccountUnlocked', 'TokenRevoked']);
      for (const r of records) {
        expect(r.actor).toEqual({ type: 'cli', id: OPERATOR });
        // Ending the account's sessions also revokes each session's refresh family and live access
        // tokens (by family id and by jti), in the same trace when the reset ends them itself.
        if (r.type === 'TokenRevoked' && (r.subject.type === 'token' || r.subject.type === 'token-family')) continue;
        expect(r.subject).toEqual({ type: 'user', id: out.user_id });
      }
      expect(records.find((r) => r.type === 'PasswordResetByAdmin')?.data).toEqual({ must_change_password: true });
      expect(JSON.stringify(records)).not.toContain(out.temporary_password);

      const human = await cli(['admin', 'reset-password', '--email', ADMIN_EMAIL]);
      expect(human.code).toBe(0);
      const shown = /temporary password {2}(\S+)/.exec(human.stdout)?.[1] as string;
      expect(shown).toBeTruthy();
      printed.push(shown);
      adminPassword = 'Amber-Signal-Fern-91!';
      const again = await login(stack.baseUrl, ADMIN_EMAIL, shown);
      expect(
        (
          await apiClient(stack.baseUrl, again.access_token).POST('/auth/change-password', {
            body: { current_password: shown, new_password: adminPassword },
          })
        ).response.status,
      ).toBe(204);
    });

    it('takes the temporary password from stdin when given, held to the password policy', async () => {
      const email = await newUser();
      const chosen = 'Violet-Canyon-Rope-36!';
      printed.push(chosen);
      const res = await cli(['--json', 'admin', 'reset-password', '--email', email, '--password-stdin'], `${chosen}\n`);
      expect(res.code).toBe(0);
      const out = res.json<Record<string, unknown>>();
      expect(out).toMatchObject({ ok: true, password_source: 'stdin', unlocked: false });
      expect(out.temporary_password).toBeUndefined();
      expect(res.stdout).not.toContain(chosen);
      expect(await login(stack.baseUrl, email, chosen)).toMatchObject({ status: 200, password_change_required: true });
      expect((await login(stack.baseUrl, email, PASSWORD)).status).toBe(401);

      const weak = await cli(['--json', 'admin', 'reset-password', '--email', email, '--password-stdin'], 'short\n');
      expect(weak.code).toBe(65);
      expect(weak.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'PASSWORD_POLICY' });
      expect(await login(stack.baseUrl, email, chosen)).toMatchObject({ status: 200 });
    });

    it('refuses an unknown email with exit 1 and a plain message, changing nothing', async () => {
      const res = await cli(['admin', 'reset-password', '--email', 'nobody-here@example.com']);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        'tr4ction: no account has the email nobody-here@example.com; nothing was changed\n  hint: check the spelling; `npx tr4ction audit export --format csv --type UserCreated` lists the accounts created so far\n',
      );
      expect(res.stderr).not.toMatch(/\bat .+:\d+:\d+/);
      const json = await cli(['--json', 'admin', 'reset-password', '--email', 'nobody-here@example.com']);
      expect(json.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', exit_code: 1 } });
    });
  });

  describe('tokens revoke-all', () => {
    it('rejects every earlier access and refresh token the moment it returns; new logins work; AllTokensRevoked as the operator', async () => {
      const email = await newUser();
      const user = await login(stack.baseUrl, email, PASSWORD);
      const adminBefore = await admin();
      expect((await me(user.access_token as string)).status).toBe(200);

      const res = await cli(['--json', 'tokens', 'revoke-all', '--reason', 'INC-42: drill']);
      expect(res.code).toBe(0);
      const out = res.json<{ ok: boolean; not_before: string; propagated: boolean; event_id: string; trace_id: string }>();
      expect(out).toMatchObject({ ok: true, propagated: true });

      expect((await me(user.access_token as string)).status).toBe(401);
      expect((await me(adminBefore)).status).toBe(401);
      expect((await apiClient(stack.baseUrl).POST('/auth/refresh', { body: { refresh_token: user.refresh_token ?? '' } })).response.status).toBe(401);
      const fresh = await waitFor(
        async () => {
          const r = await login(stack.baseUrl, email, PASSWORD);
          return r.status === 200 && r;
        },
        { timeoutMs: 10_000, what: 'a new login after revoke-all' },
      );
      expect((await me(fresh.access_token as string)).status).toBe(200);

      const [record] = await recordsOf(out.trace_id, ['AllTokensRevoked']);
      expect(record).toMatchObject({ actor: { type: 'cli', id: OPERATOR }, data: { reason: 'INC-42: drill', not_before: out.not_before } });
    });
  });

  describe('secrets rotate signing-key', () => {
    const kidOf = (token: string) => String(decodeJwt(token).header.kid);

    async function activeKid(): Promise<string> {
      const res = await apiClient(stack.baseUrl, await admin()).GET('/admin/keys');
      return res.data?.items.find((k) => k.status === 'active')?.kid as string;
    }

    /** A login whose token is signed by `kid` (auth-service switches keys when it hears of the change). */
    async function tokenSignedBy(email: string, kid: string): Promise<string> {
      return waitFor(
        async () => {
          const r = await login(stack.baseUrl, email, PASSWORD);
          return r.access_token && kidOf(r.access_token) === kid ? r.access_token : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, what: `a token signed by ${kid}` },
      );
    }

    it('planned: the next key signs, tokens of the old key keep working, SecretRotated as the operator', async () => {
      const email = await newUser();
      const old = await activeKid();
      const oldToken = await tokenSignedBy(email, old);
      // The next key must have been public for one JWKS cache period (2 s here) before it may sign.
      const res = await waitFor(
        async () => {
          const r = await cli(['--json', 'secrets', 'rotate', 'signing-key']);
          expect(r.code).toBe(0);
          return r.json<{ status: string }>().status === 'rotated' && r;
        },
        { timeoutMs: 20_000, intervalMs: 1000, what: 'a planned rotation that rotates now' },
      );
      const out = res.json<{ status: string; active_kid: string; previous_kid: string; trace_id: string }>();
      expect(out.previous_kid).toBe(old);
      expect(out.active_kid).not.toBe(old);

      expect((await me(oldToken)).status).toBe(200);
      const newToken = await tokenSignedBy(email, out.active_kid);
      expect((await me(newToken)).status).toBe(200);

      const records = await recordsOf(out.trace_id, ['SecretRotated']);
      expect(records.find((r) => r.type === 'SecretRotated')).toMatchObject({
        actor: { type: 'cli', id: OPERATOR },
        data: { what: 'signing_key', kid: out.active_kid },
      });
    });

    it('--emergency: the active key is revoked, its tokens are rejected the moment the command returns, new logins work', async () => {
      const email = await newUser();
      const compromised = await activeKid();
      const victim = await tokenSignedBy(email, compromised);
      const adminBefore = await admin();
      expect((await me(victim)).status).toBe(200);

      const res = await cli(['--json', 'secrets', 'rotate', 'signing-key', '--emergency', '--reason', 'INC-43: key in a log']);
      expect(res.code).toBe(0);
      const out = res.json<{ ok: boolean; revoked_kid: string; active_kid: string; propagated: boolean; trace_id: string }>();
      expect(out).toMatchObject({ ok: true, revoked_kid: compromised, propagated: true });
      expect(out.active_kid).not.toBe(compromised);

      expect((await me(victim)).status).toBe(401);
      expect((await me(adminBefore)).status).toBe(401);
      const started = Date.now();
      const fresh = await tokenSignedBy(email, out.active_kid);
      process.stdout.write(`emergency revocation: first login signed by the new key ${Date.now() - started} ms after the command returned\n`);
      expect((await me(fresh)).status).toBe(200);
      const jwks = await apiClient(stack.baseUrl).GET('/.well-known/jwks.json');
      expect(jwks.data?.keys.map((k) => k.kid)).not.toContain(compromised);

      const records = await recordsOf(out.trace_id, ['SigningKeyRevoked', 'SecretRotated']);
      expect(records.find((r) => r.type === 'SigningKeyRevoked')).toMatchObject({
        actor: { type: 'cli', id: OPERATOR },
        data: { kid: compromised, reason: 'INC-43: key in a log' },
      });
      expect(records.find((r) => r.type === 'SecretRotated')).toMatchObject({
        actor: { type: 'cli', id: OPERATOR },
        data: { what: 'signing_key', kid: out.active_kid, emergency: true },
      });
    });
  });

  describe('secrets rotate service-account and doctor rotations-due', () => {
    let account: ApiSchema<'CreatedServiceAccount'>;
    const grant = async (secret: string) =>
      (await apiClient(stack.baseUrl).POST('/auth/token', { body: { grant_type: 'client_credentials', client_id: account.client_id, client_secret: secret } }))
        .response;
    const doctor = (extra: Record<string, string> = {}) =>
      runCli(['--json', 'doctor', '--check', 'rotations-due,signing-keys'], { env: stackEnv(stack, extra) });
    const statusOf = (report: { checks: Array<{ id: string; status: string; detail: string; fix?: string }> }, id: string) =>
      report.checks.find((c) => c.id === id);

    beforeAll(async () => {
      const res = await apiClient(stack.baseUrl, await admin()).POST('/admin/service-accounts', { body: { name: 'nightly export', scopes: ['audit:read'] } });
      expect(res.response.status).toBe(201);
      if (!res.data) throw new Error('no service account');
      account = res.data;
      printed.push(account.client_secret);
    });

    it('doctor fails while a service-account secret is overdue, naming the command that fixes it', async () => {
      // 31 days ago, by the database: the account's secret is past SERVICE_ACCOUNT_ROTATION_DAYS (30).
      await db.query(`UPDATE rotation.service_accounts_v1 SET secret_rotated_at = now() - interval '31 days' WHERE id = $1`, [account.id]);
      const res = await doctor({ SIGNING_KEYS_MASTER_KEY: masterKey });
      expect(res.code).toBe(1);
      const report = res.json<{ checks: Array<{ id: string; status: string; detail: string; fix?: string }> }>();
      expect(statusOf(report, 'rotations-due')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(`service account ${account.client_id} (nightly export)`),
        fix: expect.stringContaining(`tr4ction secrets rotate service-account ${account.id}`),
      });
      expect(statusOf(report, 'signing-keys')).toMatchObject({ status: 'pass' });
      expect(res.stdout).not.toContain(masterKey);
    });

    it('prints a new secret once; the old one keeps working within the grace window; SecretRotated as the operator; doctor passes again', async () => {
      const res = await cli(['--json', 'secrets', 'rotate', 'service-account', account.client_id]);
      expect(res.code).toBe(0);
      const out = res.json<{ id: string; client_id: string; client_secret: string; previous_valid_until: string; trace_id: string }>();
      expect(out).toMatchObject({ id: account.id, client_id: account.client_id });
      expect(out.client_secret).toMatch(/^sk_[A-Za-z0-9_-]{43,}$/);
      printed.push(out.client_secret);
      const graceMs = Date.parse(out.previous_valid_until) - Date.now();
      expect(graceMs).toBeGreaterThan(23 * HOUR_MS);
      expect(graceMs).toBeLessThanOrEqual(24 * HOUR_MS);

      expect((await grant(out.client_secret)).status).toBe(200);
      expect((await grant(account.client_secret)).status).toBe(200);

      const [record] = await recordsOf(out.trace_id, ['SecretRotated']);
      expect(record).toMatchObject({
        actor: { type: 'cli', id: OPERATOR },
        subject: { id: account.id },
        data: { what: 'service_account_secret', previous_valid_until: out.previous_valid_until },
      });

      const after = await doctor({ SIGNING_KEYS_MASTER_KEY: masterKey });
      const report = after.json<{ checks: Array<{ id: string; status: string; detail: string }> }>();
      expect(statusOf(report, 'rotations-due')).toMatchObject({ status: 'pass' });
      expect(after.code).toBe(0);
    });

    it('refuses an unknown account with exit 1', async () => {
      const res = await cli(['secrets', 'rotate', 'service-account', 'sa_does_not_exist']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('no service account has the id or client_id sa_does_not_exist');
    });
  });

  it('left no secret it handled in the audit log or in a service’s log line', async () => {
    const rows = (await db.query<{ text: string }>('SELECT row_to_json(a)::text AS text FROM audit.audit_log_v1 a')).rows.map((r) => r.text).join('\n');
    const logs = stack.logs.join('\n');
    expect(printed).toHaveLength(5);
    for (const secret of [...printed, masterKey]) {
      expect(rows).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

describe('tr4ction secrets rotate signing-key in HS256 mode (e2e, file secrets provider)', () => {
  let stack: ServiceStack;
  let dir: string;
  let adminToken0: string;
  const adminPassword = 'Blue-Harbor-Lamp-77!';
  /** The CLI reads the same store as the services, as an operator's --env-file would make it. */
  const env = () => stackEnv(stack, { JWT_ALGORITHM: 'HS256', SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir });
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: env() });
  const me = async (token: string) => (await apiClient(stack.baseUrl, token).GET('/auth/me')).response;
  const storeSecret = () => writeFile(join(dir, 'JWT_SECRET_KEY'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-cli-secrets-'));
    await storeSecret();
    stack = await ServiceStack.start({ env: { JWT_ALGORITHM: 'HS256', SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir, JWT_SECRET_KEY: '' } });
    adminToken0 = await adminToken(stack.baseUrl, adminPassword);
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses, recording nothing, while the provider still holds the current secret; doctor cannot date a secret never rotated', async () => {
    const res = await cli(['secrets', 'rotate', 'signing-key']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('JWT_SECRET_KEY in the secrets provider is still the current one');
    const recorded = await apiClient(stack.baseUrl, adminToken0).GET('/audit/events', { params: { query: { type: 'SecretRotated' } } });
    expect(recorded.data?.items).toEqual([]);

    const doctor = await runCli(['--json', 'doctor', '--check', 'signing-keys'], { env: env() });
    expect(doctor.json<{ checks: Array<{ status: string; detail: string }> }>().checks[0]).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('age is unknown'),
    });
    expect(doctor.code).toBe(0);
  });

  it('--emergency: the services re-read the new secret and every earlier token is rejected when it returns; doctor then dates the secret', async () => {
    const oldKid = String(decodeJwt(adminToken0).header.kid);
    await storeSecret();
    const res = await cli(['--json', 'secrets', 'rotate', 'signing-key', '--emergency', '--reason', 'INC-44: JWT_SECRET_KEY in a chat']);
    expect(res.code).toBe(0);
    const out = res.json<{ ok: boolean; mode: string; revoked_kid: string; active_kid: string; not_before: string; trace_id: string }>();
    expect(out).toMatchObject({ ok: true, mode: 'hs256', revoked_kid: oldKid });
    expect(out.active_kid).not.toBe(oldKid);
    expect((await me(adminToken0)).status).toBe(401);

    const fresh = await waitFor(
      async () => {
        const r = await login(stack.baseUrl, ADMIN_EMAIL, adminPassword);
        return r.access_token && String(decodeJwt(r.access_token).header.kid) === out.active_kid ? r.access_token : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'a token signed with the new secret' },
    );
    expect((await me(fresh)).status).toBe(200);

    const records = await waitFor(
      async () => {
        const r = await apiClient(stack.baseUrl, fresh).GET('/audit/events', { params: { query: { trace_id: out.trace_id } } });
        const items = r.data?.items ?? [];
        return items.some((i) => i.type === 'SecretRotated') && items.some((i) => i.type === 'AllTokensRevoked') && items;
      },
      { timeoutMs: 20_000, what: 'the audit records of the emergency rotation' },
    );
    expect(records.find((r) => r.type === 'SecretRotated')).toMatchObject({
      actor: { type: 'cli', id: OPERATOR },
      data: { what: 'jwt_secret', kid: out.active_kid },
    });
    expect(records.find((r) => r.type === 'AllTokensRevoked')).toMatchObject({
      actor: { type: 'cli', id: OPERATOR },
      data: { reason: 'INC-44: JWT_SECRET_KEY in a chat', not_before: out.not_before },
    });

    const doctor = await runCli(['--json', 'doctor', '--check', 'signing-keys'], { env: env() });
    expect(doctor.json<{ checks: Array<{ status: string; detail: string }> }>().checks[0]).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(new RegExp(`^JWT_SECRET_KEY \\(key id ${out.active_kid}\\) rotated \\d+ h ago, within the 90-day policy`)),
    });
    expect(doctor.code).toBe(0);
  });
});
