/**
 * `tr4ction secrets rotate db-password user-service` on a whole stack whose Postgres checks
 * passwords (a private cluster with scram-sha-256; the machine's shared server trusts local
 * logins): user-service takes its password from the file store (DATABASE_PASSWORD_USER_SERVICE),
 * logins keep flowing through the rotation with no failed request, every service stays ready, the
 * old password is refused afterwards, a user-service replica started after it boots with the new
 * one, and the password reaches no log line, event or the server's statement log.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { http, PrivatePostgres, ServiceStack, testDatabasePasswords, waitFor } from '@tr4ction/testing';
import { adminToken, ADMIN_EMAIL, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

const OPERATOR = 'alice';
const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';
const ROLE = 'tr4ction_user';
const STORE_FILE = 'DATABASE_PASSWORD_USER_SERVICE';

/** Logins as the admin, on `workers` loops, counting answers by status. */
class LoginTraffic {
  readonly statuses = new Map<number, number>();
  requests = 0;
  private running = true;
  private readonly done: Promise<void[]>;

  constructor(baseUrl: string, workers: number) {
    this.done = Promise.all(Array.from({ length: workers }, () => this.loop(baseUrl)));
  }

  /** Each answer other than 200: when (ms since start), its status and problem code (never a body with tokens). */
  readonly failures: Array<{ at: number; status: number; code?: unknown }> = [];
  private readonly started = Date.now();

  private async loop(baseUrl: string): Promise<void> {
    while (this.running) {
      const r = await apiClient(baseUrl)
        .POST('/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
        .then(({ error, response }) => ({ status: response.status, code: error?.code }))
        .catch(() => ({ status: 0, code: undefined }));
      this.requests += 1;
      this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + 1);
      if (r.status !== 200) this.failures.push({ at: Date.now() - this.started, status: r.status, code: r.code });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe('tr4ction secrets rotate db-password (e2e, Postgres with password authentication)', () => {
  let cluster: PrivatePostgres;
  let stack: ServiceStack;
  let dir: string;
  const initial = testDatabasePasswords()[ROLE];
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir }) });

  async function loginCode(password: string): Promise<string | undefined> {
    const client = new Client({ connectionString: cluster.url(ROLE, password), connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return undefined;
    } catch (err) {
      return (err as { code?: string }).code;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-db-password-'));
    // The stack's roles bootstrap gives tr4ction_user this password; the store holds the same one.
    await writeFile(join(dir, STORE_FILE), `${initial}\n`, { mode: 0o600 });
    stack = await ServiceStack.start({
      databaseServerUrl: cluster.adminUrl,
      env: { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir, RATE_LIMIT_AUTH_PER_IP: '100000', RATE_LIMIT_AUTH_PER_ACCOUNT: '100000' },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('rotates user-service’s password under login traffic with no failed request', async () => {
    await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const traffic = new LoginTraffic(stack.baseUrl, 4);
    let rotated: Awaited<ReturnType<typeof cli>>;
    let during: number;
    try {
      await waitFor(() => traffic.requests >= 10, { timeoutMs: 30_000, intervalMs: 50, what: 'login traffic to flow' });
      const before = traffic.requests;
      rotated = await cli(['--json', 'secrets', 'rotate', 'db-password', 'user-service']);
      during = traffic.requests - before;
      const after = traffic.requests;
      await waitFor(() => traffic.requests >= after + 20, { timeoutMs: 60_000, intervalMs: 50, what: 'login traffic after the rotation' });
    } finally {
      await traffic.stop();
    }

    expect(rotated.stderr).toBe('');
    // On failure, with its answer (the step and a reason code) and rotation-service's lines about it.
    const engineNotes = stack.logs.filter((l) => l.includes('staged rotation step'));
    expect({ code: rotated.code, stdout: rotated.stdout, engineNotes }).toEqual({ code: 0, stdout: expect.any(String), engineNotes: expect.any(Array) });
    const outcome = rotated.json<{ ok: boolean; status: string; version: string; service: string; login: string; trace_id: string }>();
    expect(outcome).toMatchObject({ ok: true, status: 'rotated', service: 'user-service', login: ROLE });
    expect(during).toBeGreaterThanOrEqual(0);
    expect(traffic.failures).toEqual([]);
    expect([...traffic.statuses.keys()]).toEqual([200]);

    const password = (await readFile(join(dir, STORE_FILE), 'utf8')).trim();
    expect(password).not.toBe(initial);
    expect(await loginCode(initial)).toBe('28P01');
    expect(await loginCode(password)).toBeUndefined();
    await stack.waitReady(30_000);
    expect((await http(stack.baseUrl, 'GET', '/health/ready')).status).toBe(200);
    // A user-service started now boots with the password it reads from the store.
    await stack.stopService('user-service');
    stack.launch('user-service');
    await waitFor(async () => (await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: 'a login through the restarted user-service',
    });

    // The operator's rotation is audited (SecretRotated, the role as subject), never with the password.
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const record = await waitFor(
      async () => {
        const { data } = await apiClient(stack.baseUrl, token).GET('/audit/events', { params: { query: { trace_id: outcome.trace_id } } });
        return (data?.items ?? []).find((i) => i.type === 'SecretRotated');
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'the db-password rotation in the audit log' },
    );
    expect(record).toMatchObject({ actor: { type: 'cli', id: OPERATOR }, data: { what: 'db_password', version: outcome.version } });
    const records = [record];
    expect(JSON.stringify(records)).not.toContain(password);
    expect(stack.logs.join('\n')).not.toContain(password);
    expect(cluster.serverLog()).not.toContain(password);
  }, 240_000);
});
