/**
 * Runtime settings (GET/PUT /admin/settings) with the stack as real processes: two gateway
 * replicas and two user-service replicas. A change takes effect on every replica without a
 * restart (password policy at registration, CORS preflight on both gateways, access and refresh
 * token lifetimes at login), is recorded as ConfigurationChanged with before, after and the admin
 * as actor, survives restarts, and bad input, wrong roles and stale If-Match are refused.
 */
import { randomBytes } from 'node:crypto';
import type { ApiSchema, operations } from '@tr4ction/http-api';
import { freePort, http, ServiceStack, waitFor } from '@tr4ction/testing';
import type { Middleware } from 'openapi-fetch';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { changePassword, Db, login, register, strongPassword, token, uniqueEmail } from '../support/identity';

type SettingsChange = operations['admin.settings.update']['requestBody']['content']['application/json'];

const OLD_ORIGIN = 'https://old.example.com';
const NEW_ORIGIN = 'https://console.example.com';
const USER_AGENT = 'settings-e2e/1.0';
/** Valid under seed (12 characters, every class) but too short for nist-800-63b-4 (15). */
const seedOnly = () => `Qv7#${randomBytes(6).toString('hex').slice(0, 7)}Z!`;
/** Valid under nist-800-63b-4 (long, no composition rules) but missing seed's upper case, digit and symbol. */
const nistOnly = () => `lanternorchard${randomBytes(8).toString('hex').replace(/[0-9]/g, 'q')}`;

describe('runtime settings (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let admin: string;
  let adminId: string;
  let gateways: string[];
  const bodies: string[] = [];

  const recordBodies: Middleware = {
    async onResponse({ response }) {
      bodies.push(await response.clone().text());
    },
  };

  /** The typed client as `token` (default: the admin), with the suite's user agent; every answer's body is kept. */
  function api(options: { token?: string; baseUrl?: string } = {}): ApiClient {
    const client = apiClient(options.baseUrl ?? stack.baseUrl, options.token ?? admin);
    client.use(recordBodies);
    return client;
  }
  const withAgent = { headers: { 'user-agent': USER_AGENT } };
  const getSettings = (options: { token?: string; baseUrl?: string } = {}) => api(options).GET('/admin/settings', withAgent);
  const putSettings = (body: SettingsChange, options: { token?: string; baseUrl?: string; ifMatch?: string } = {}) =>
    api(options).PUT('/admin/settings', {
      ...withAgent,
      body,
      ...(options.ifMatch !== undefined ? { params: { header: { 'If-Match': options.ifMatch } } } : {}),
    });

  /** A PUT the document refuses (wrong types, unknown keys, broken JSON), sent raw on purpose; its body is kept too. */
  const putRaw = async (request: { body: unknown } | { rawBody: string }) => {
    const res = await http(stack.baseUrl, 'PUT', '/admin/settings', {
      token: admin,
      headers: { 'user-agent': USER_AGENT, 'content-type': 'application/json' },
      ...request,
    });
    bodies.push(res.text);
    return res;
  };

  /** A browser's CORS preflight for a PUT from `origin`: the origin it may use, or null when refused. */
  const preflight = async (baseUrl: string, origin: string): Promise<string | null> => {
    const res = await fetch(`${baseUrl}/admin/settings`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
    });
    await res.arrayBuffer();
    return res.headers.get('access-control-allow-origin');
  };

  /** Log lines of `service` replicas that applied settings version `version`. */
  const appliedBy = (service: string, version: number): number =>
    stack.logs.filter((l) => l.includes('runtime settings applied') && l.includes(`"service":"${service}"`) && l.includes(`"settings_version":${version}`))
      .length;

  const configurationEvents = async (): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM users.outbox WHERE envelope->>'type' = 'ConfigurationChanged'`))[0].n);

  const etagVersion = (res: { response: Response }): number => Number(/^"(\d+)"$/.exec(res.response.headers.get('etag') ?? '')?.[1] ?? NaN);

  async function roleToken(roles: ApiSchema<'CreatedUser'>['roles']): Promise<string> {
    const email = uniqueEmail(roles.join('-'));
    const created = await apiClient(stack.baseUrl, admin).POST('/admin/users', { body: { email, roles } });
    expect(created.response.status).toBe(201);
    const temporary = created.data?.temporary_password ?? '';
    const first = await token(stack.baseUrl, email, temporary);
    const password = strongPassword();
    expect((await changePassword(stack.baseUrl, first, temporary, password)).status).toBe(204);
    return token(stack.baseUrl, email, password);
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { CORS_ORIGINS: OLD_ORIGIN } });
    db = await Db.connect(stack.databaseUrl);
    admin = await adminToken(stack.baseUrl);
    adminId = (await apiClient(stack.baseUrl, admin).GET('/auth/me')).data?.id ?? '';
    const port = await freePort();
    stack.launchReplica('gateway-2', 'api-gateway', { PORT: String(port) });
    stack.launchReplica('user-service-2', 'user-service');
    gateways = [stack.baseUrl, `http://127.0.0.1:${port}`];
    await waitFor(async () => (await fetch(`${gateways[1]}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 90_000,
      what: 'the second gateway',
    });
    await waitFor(() => stack.logs.filter((l) => l.includes('user-service ready')).length >= 2, { timeoutMs: 90_000, what: 'the second user-service' });
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('answers the environment defaults until an admin changes them, with an ETag', async () => {
    const res = await getSettings();
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({
      password_policy: 'seed',
      cors_origins: [OLD_ORIGIN],
      access_token_ttl_seconds: 900,
      refresh_token_ttl_seconds: 30 * 86_400,
      session_idle_timeout_seconds: 7 * 86_400,
      session_max_lifetime_seconds: 30 * 86_400,
      mfa_required_roles: [],
      updated_at: null,
      updated_by: null,
    });
    expect(res.response.headers.get('etag')).toBe('"0"');
    for (const g of gateways) expect(await preflight(g, OLD_ORIGIN)).toBe(OLD_ORIGIN);
  });

  it('is documented in OpenAPI: both routes, the body schema and the answers', async () => {
    // The document itself, which the document does not describe.
    const doc = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties: boolean } }> };
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    const route = doc.paths['/admin/settings'];
    expect(Object.keys(route).sort()).toEqual(['get', 'put']);
    const body = route.put.requestBody?.content['application/json'].schema;
    expect(Object.keys(body?.properties ?? {}).sort()).toEqual([
      'access_token_ttl_seconds',
      'cors_origins',
      'mfa_required_roles',
      'password_policy',
      'refresh_token_ttl_seconds',
      'session_idle_timeout_seconds',
      'session_max_lifetime_seconds',
    ]);
    expect(body?.additionalProperties).toBe(false);
    expect(Object.keys(route.put.responses)).toEqual(expect.arrayContaining(['200', '400', '412']));
    expect(Object.keys(route.get.responses)).toContain('200');
  });

  it('refuses bad input with 400 problem JSON naming the key, never 500, and changes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ password_policy: 'nist-800-63b-4', colour: 'blue' }, 'colour'],
      [{ password_policy: 'lenient' }, 'password_policy'],
      [{ password_policy: 42 }, 'password_policy'],
      [{ cors_origins: ['https://*.example.com'] }, 'cors_origins'],
      [{ cors_origins: ['*'] }, 'cors_origins'],
      [{ cors_origins: ['https://app.example.com/path'] }, 'cors_origins'],
      [{ cors_origins: ['https://app.example.com/'] }, 'cors_origins'],
      [{ cors_origins: ['ftp://app.example.com'] }, 'cors_origins'],
      [{ cors_origins: ['https://user@app.example.com'] }, 'cors_origins'],
      [{ cors_origins: 'https://app.example.com' }, 'cors_origins'],
      [{ cors_origins: [OLD_ORIGIN, OLD_ORIGIN] }, 'cors_origins'],
      [{ access_token_ttl_seconds: 30 }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: 86_401 }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: '900' }, 'access_token_ttl_seconds'],
      [{ access_token_ttl_seconds: 900.5 }, 'access_token_ttl_seconds'],
      [{ refresh_token_ttl_seconds: 60 }, 'refresh_token_ttl_seconds'],
      [[{ password_policy: 'seed' }], 'object'],
    ];
    const before = await configurationEvents();
    // Bodies the document refuses, sent raw on purpose.
    for (const [body, key] of cases) {
      const res = await putRaw({ body });
      expect({ body, status: res.status, code: res.body?.code, names: String(res.body?.detail ?? '').includes(key) }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
        names: true,
      });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    for (const raw of ['{"password_policy":', '"seed"', '[]', '{"password_policy":"seed","password_policy":"x"}'])
      expect({ raw, status: (await putRaw({ rawBody: raw })).status }).toEqual({ raw, status: 400 });
    expect(await configurationEvents()).toBe(before);
    expect((await getSettings()).data).toMatchObject({ password_policy: 'seed' });
  });

  it('is for admins only: no token 401, founder and auditor 403', async () => {
    const founderEmail = uniqueEmail('founder');
    const founderPassword = strongPassword();
    await register(stack.baseUrl, founderEmail, founderPassword);
    const founder = await token(stack.baseUrl, founderEmail, founderPassword);
    const auditor = await roleToken(['auditor']);
    expect((await apiClient(stack.baseUrl).GET('/admin/settings')).response.status).toBe(401);
    expect((await getSettings({ token: founder })).response.status).toBe(403);
    expect((await getSettings({ token: auditor })).response.status).toBe(403);
    const change: SettingsChange = { password_policy: 'pci-dss-4' };
    expect((await apiClient(stack.baseUrl).PUT('/admin/settings', { body: change })).response.status).toBe(401);
    expect((await putSettings(change, { token: founder })).response.status).toBe(403);
    expect((await putSettings(change, { token: auditor })).response.status).toBe(403);
    expect((await getSettings()).data).toMatchObject({ password_policy: 'seed' });
  });

  it('applies a new password policy on every user-service replica, through either gateway', async () => {
    // Under seed: the short composite password registers, the long lower-case one does not.
    const registerAt = (gateway: string, password: string) => apiClient(gateway).POST('/auth/register', { body: { email: uniqueEmail('policy'), password } });
    expect((await registerAt(gateways[1], nistOnly())).response.status).toBe(400);

    const put = await putSettings({ password_policy: 'nist-800-63b-4' });
    expect(put.response.status).toBe(200);
    expect(put.data).toMatchObject({ password_policy: 'nist-800-63b-4', cors_origins: [OLD_ORIGIN], updated_by: adminId });
    const version = etagVersion(put);
    expect(version).toBe(1);
    const started = Date.now();
    await waitFor(() => appliedBy('user-service', version) >= 2, { timeoutMs: 10_000, intervalMs: 20, what: 'both user-service replicas to apply the policy' });
    console.log(`password policy applied by both user-service replicas within ${Date.now() - started} ms of the PUT reply`);

    // Requests spread over both replicas (queue group): every one enforces the new profile.
    for (let i = 0; i < 12; i++) {
      const gateway = gateways[i % 2];
      const refused = await registerAt(gateway, seedOnly());
      expect({ i, status: refused.response.status, code: refused.error?.code, rules: refused.error?.violations?.map((v) => v.rule) }).toEqual({
        i,
        status: 400,
        code: 'PASSWORD_POLICY',
        rules: ['min_length'],
      });
      const accepted = await registerAt(gateway, nistOnly());
      expect({ i, status: accepted.response.status }).toEqual({ i, status: 201 });
    }
  });

  it('records the change as ConfigurationChanged with before, after, the admin as actor and the request source', async () => {
    const records = await waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query: { type: 'ConfigurationChanged' } } });
        return res.data && res.data.items.length >= 1 ? res.data.items : undefined;
      },
      { timeoutMs: 30_000, what: 'the ConfigurationChanged audit record' },
    );
    const record = records[records.length - 1];
    expect(record.data.changes).toEqual([{ key: 'password_policy', before: 'seed', after: 'nist-800-63b-4' }]);
    expect(record.actor).toEqual({ type: 'user', id: adminId });
    expect(record.source).toMatchObject({ service: 'user-service', user_agent: USER_AGENT });
    expect(record.source.ip).toBeTruthy();
  });

  it('emits nothing for a PUT that changes nothing', async () => {
    const before = await configurationEvents();
    const current = await getSettings();
    const sameAgain: SettingsChange[] = [{}, { password_policy: 'nist-800-63b-4' }, { cors_origins: [OLD_ORIGIN], access_token_ttl_seconds: 900 }];
    for (const body of sameAgain) {
      const res = await putSettings(body);
      expect(res.response.status).toBe(200);
      expect(res.response.headers.get('etag')).toBe(current.response.headers.get('etag'));
      expect(res.data).toEqual(current.data);
    }
    expect(await configurationEvents()).toBe(before);
  });

  it('applies new CORS origins on both gateways per request: the new origin allowed, the old one refused', async () => {
    const put = await putSettings({ cors_origins: [NEW_ORIGIN.toUpperCase().replace('HTTPS', 'https')] });
    expect(put.response.status).toBe(200);
    // Stored as a browser sends it: lower-case host.
    expect(put.data?.cors_origins).toEqual([NEW_ORIGIN]);
    // The gateway that answered applied it before answering.
    expect(await preflight(gateways[0], NEW_ORIGIN)).toBe(NEW_ORIGIN);
    expect(await preflight(gateways[0], OLD_ORIGIN)).toBeNull();
    const started = Date.now();
    await waitFor(async () => (await preflight(gateways[1], NEW_ORIGIN)) === NEW_ORIGIN, {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: 'the second gateway to allow the new origin',
    });
    console.log(`CORS origins applied by the second gateway within ${Date.now() - started} ms of the PUT reply`);
    expect(await preflight(gateways[1], OLD_ORIGIN)).toBeNull();
    // A real cross-origin request too, not only the preflight.
    const res = await fetch(`${gateways[1]}/health`, { headers: { origin: NEW_ORIGIN } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe(NEW_ORIGIN);
  });

  it('issues tokens with the new lifetimes: expires_in and the refresh family end follow the settings', async () => {
    const email = uniqueEmail('ttl');
    const password = strongPassword();
    const userId = await register(stack.baseUrl, email, password);
    const before = await login(gateways[1], email, password);
    expect(before.body).toMatchObject({ expires_in: 900 });

    const put = await putSettings({ access_token_ttl_seconds: 600, refresh_token_ttl_seconds: 7_200 }, { baseUrl: gateways[1] });
    expect(put.response.status).toBe(200);
    expect(put.data).toMatchObject({ access_token_ttl_seconds: 600, refresh_token_ttl_seconds: 7_200 });
    const after = await waitFor(
      async () => {
        const res = await login(gateways[0], email, password);
        return res.body.expires_in === 600 ? res : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50, what: 'logins to carry the new lifetime' },
    );
    const claims = JSON.parse(Buffer.from(after.body.access_token.split('.')[1], 'base64url').toString('utf8')) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(600);
    const family = await db.query<{ seconds: number }>(
      `SELECT round(extract(epoch FROM expires_at - issued_at))::int AS seconds FROM auth.refresh_tokens WHERE user_id = $1 ORDER BY issued_at DESC LIMIT 1`,
      [userId],
    );
    expect(family[0].seconds).toBe(7_200);
  });

  it('does not lose a concurrent change: If-Match answers 412 when stale, and unconditional PUTs of different keys both land', async () => {
    const current = await getSettings();
    const etag = current.response.headers.get('etag') ?? '';
    const [a, b] = await Promise.all([
      putSettings({ access_token_ttl_seconds: 1_200 }, { ifMatch: etag }),
      putSettings({ access_token_ttl_seconds: 1_500 }, { ifMatch: etag, baseUrl: gateways[1] }),
    ]);
    expect([a.response.status, b.response.status].sort()).toEqual([200, 412]);
    expect([a, b].find((r) => r.response.status === 412)?.error?.code).toBe('PRECONDITION_FAILED');
    expect((await putSettings({ password_policy: 'pci-dss-4' }, { ifMatch: etag })).response.status).toBe(412);
    expect((await putSettings({ password_policy: 'pci-dss-4' }, { ifMatch: 'W/"abc"' })).response.status).toBe(412);

    const [c, d] = await Promise.all([
      putSettings({ access_token_ttl_seconds: 1_800 }),
      putSettings({ refresh_token_ttl_seconds: 10_800 }, { baseUrl: gateways[1] }),
    ]);
    expect([c.response.status, d.response.status]).toEqual([200, 200]);
    const final = await getSettings();
    expect(final.data).toMatchObject({
      access_token_ttl_seconds: 1_800,
      refresh_token_ttl_seconds: 10_800,
      password_policy: 'nist-800-63b-4',
      cors_origins: [NEW_ORIGIN],
    });
    // Each change is its own event, so the audit trail shows both.
    const changes = (
      await db.query<{ changes: Array<{ key: string; after: unknown }> }>(
        `SELECT envelope->'data'->'changes' AS changes FROM users.outbox WHERE envelope->>'type' = 'ConfigurationChanged' ORDER BY position DESC LIMIT 2`,
      )
    ).flatMap((r) => r.changes.map((ch) => `${ch.key}=${String(ch.after)}`));
    expect(changes.sort()).toEqual(['access_token_ttl_seconds=1800', 'refresh_token_ttl_seconds=10800']);
  });

  it('keeps the settings across restarts of user-service, auth-service and the gateway', async () => {
    const expected = (await getSettings()).data;
    await stack.stopReplica('user-service-2');
    for (const service of ['user-service', 'auth-service', 'api-gateway'] as const) {
      await stack.stopService(service);
      stack.launch(service);
    }
    // From its first answer on, the restarted gateway never allows the origin an admin removed
    // (before it has loaded the settings it allows none), and it is ready only once it has them.
    const allowedOld: Array<string | null> = [];
    await waitFor(
      async () => {
        const old = await preflight(gateways[0], OLD_ORIGIN).catch(() => 'no answer');
        if (old !== 'no answer') allowedOld.push(old);
        return (await fetch(`${gateways[0]}/health/ready`).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 25, what: 'the restarted stack' },
    );
    // The gateway may start listening and become ready within one poll: ask once more, so the
    // check below always judges at least one answer.
    allowedOld.push(await preflight(gateways[0], OLD_ORIGIN));
    expect(allowedOld.length).toBeGreaterThan(0);
    expect(allowedOld.filter((o) => o !== null)).toEqual([]);
    expect((await getSettings()).data).toEqual(expected);
    await waitFor(async () => (await preflight(gateways[0], NEW_ORIGIN)) === NEW_ORIGIN, {
      timeoutMs: 15_000,
      what: 'the restarted gateway to load the CORS origins',
    });
    expect(await preflight(gateways[0], OLD_ORIGIN)).toBeNull();
    const refused = await apiClient(gateways[0]).POST('/auth/register', { body: { email: uniqueEmail('restart'), password: seedOnly() } });
    expect(refused.error?.code).toBe('PASSWORD_POLICY');
    const email = uniqueEmail('restart-ttl');
    const password = strongPassword();
    await register(stack.baseUrl, email, password);
    expect((await login(stack.baseUrl, email, password)).body).toMatchObject({ expires_in: 1_800 });
  }, 180_000);

  it('never answers 500 or leaks a stack trace', () => {
    for (const b of bodies) {
      expect(b).not.toMatch(/"status":\s*5\d\d/);
      expect(b).not.toMatch(/\bat [A-Za-z.]+ \(/);
    }
  });
});
