/**
 * The abuse holes at the edge, tried as an attacker would, against the stack as real processes:
 * - every spelling of /auth/login the router accepts (percent-encoded, doubled slashes) is limited
 *   like the canonical path, and the spellings it does not accept (mixed case, double encoding)
 *   never reach the handler;
 * - `/%61dmin/...` answers carrying a temporary password keep `Cache-Control: no-store`;
 * - a login with the "email" `user:<uuid>` does not spend that user's password-change budget;
 * - 10,000 refused audit reads from one user add a handful of records whose counts add up to 10,000;
 * - concurrent heavy audit reads of one caller are refused with 429 + Retry-After.
 */
import type { ApiSchema } from '@tr4ction/http-api';
import { http, ServiceStack, waitFor, type HttpResult } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { changePassword, login, register, strongPassword, token, uniqueEmail } from '../support/identity';
import { freshWindow } from '../support/rate-limit-window';

const WINDOW_S = 15;
const PER_IP = 4;
const PER_ACCOUNT = 3;
const REFUSAL_WINDOW_S = 10;
const REFUSALS_PER_CALLER = 10;
const FLOOD = 10_000;
const FLOOD_CONCURRENCY = 32;

/** A raw answer (other spellings of a path) or the typed client's. */
type Answer = HttpResult | { response: Response; error?: { code?: string } };

function expectLimited(what: string, answer: Answer): void {
  const res = 'response' in answer ? { status: answer.response.status, headers: answer.response.headers, body: answer.error } : answer;
  expect({ what, status: res.status, code: res.body?.code, type: res.headers.get('content-type') }).toEqual({
    what,
    status: 429,
    code: 'RATE_LIMITED',
    type: expect.stringContaining('application/problem+json'),
  });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('abuse at the edge (e2e)', () => {
  let stack: ServiceStack;
  let adminJwt: string;
  let admin: ApiClient;

  beforeAll(async () => {
    stack = await ServiceStack.start({
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S),
        RATE_LIMIT_AUTH_PER_IP: String(PER_IP),
        RATE_LIMIT_AUTH_PER_ACCOUNT: String(PER_ACCOUNT),
        RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER: String(REFUSALS_PER_CALLER),
        AUDIT_REFUSAL_WINDOW_SECONDS: String(REFUSAL_WINDOW_S),
      },
    });
    adminJwt = await adminToken(stack.baseUrl);
    admin = apiClient(stack.baseUrl, adminJwt);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // Raw: most of these spellings are not the document's path.
  const attempt = (path: string, ip: string) =>
    http(stack.baseUrl, 'POST', path, { body: { email: uniqueEmail('edge'), password: 'Not-The-Password-1!' }, headers: { 'x-forwarded-for': ip } });

  const ROUTED = ['/auth/login', '/%61uth/login', '/auth/%6Cogin', '/%61%75%74%68/%6c%6f%67%69%6e', '//auth//login', '/auth//login', '/auth/login?x=1'];

  it('limits every routed spelling of /auth/login per address, and counts them together', async () => {
    await freshWindow(WINDOW_S);
    await Promise.all(
      ROUTED.map(async (path, i) => {
        const ip = `198.51.100.${i + 10}`;
        for (let n = 0; n < PER_IP; n++) expect({ path, n, status: (await attempt(path, ip)).status }).toEqual({ path, n, status: 401 });
        expectLimited(path, await attempt(path, ip));
        expectLimited(`${path} then /auth/login`, await attempt('/auth/login', ip));
      }),
    );
    // Spent on the canonical path, refused on every other spelling.
    const ip = '198.51.100.99';
    for (let n = 0; n < PER_IP; n++) expect((await attempt('/auth/login', ip)).status).toBe(401);
    for (const path of ROUTED) expectLimited(path, await attempt(path, ip));
    // An IPv6 client is one client across its /64.
    for (let n = 0; n < PER_IP; n++) expect((await attempt('/auth/login', `2001:db8:7:7::${n + 1}`)).status).toBe(401);
    expectLimited('another address of the same /64', await attempt('/auth/login', '2001:db8:7:7:ffff::9'));
    expect((await attempt('/auth/login', '2001:db8:7:8::1')).status).toBe(401);
  });

  it('never runs the login handler for spellings the router does not match', async () => {
    for (const path of ['/AUTH/login', '/Auth/Login', '/auth/LOGIN', '/%2561uth/login']) {
      const res = await attempt(path, '203.0.113.77');
      expect({ path, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ path, status: 404, cache: 'no-store' });
    }
  });

  it('keeps Cache-Control: no-store on admin answers carrying a temporary password, however the path is spelled', async () => {
    const id = await register(stack.baseUrl, uniqueEmail('nostore'), strongPassword());
    // Raw: the other spellings are not the document's path.
    for (const path of [`/admin/users/${id}/reset-password`, `/%61dmin/users/${id}/reset-password`, `//admin//users/${id}/%72eset-password`]) {
      const res = await http(stack.baseUrl, 'POST', path, { token: adminJwt });
      expect({
        path,
        status: res.status,
        secret: typeof res.body.temporary_password,
        cache: res.headers.get('cache-control'),
        pragma: res.headers.get('pragma'),
      }).toEqual({ path, status: 200, secret: 'string', cache: 'no-store', pragma: 'no-cache' });
    }
    const listed = await http(stack.baseUrl, 'GET', '/%61dmin/users?limit=1', { token: adminJwt });
    expect({ status: listed.status, cache: listed.headers.get('cache-control') }).toEqual({ status: 200, cache: 'no-store' });
  });

  it('a login for the "email" user:<uuid> does not spend that user’s password-change budget', async () => {
    const password = strongPassword();
    const email = uniqueEmail('bucket');
    const id = await register(stack.baseUrl, email, password);
    const access = await token(stack.baseUrl, email, password);
    await freshWindow(WINDOW_S);
    const spray = (n: number) =>
      apiClient(stack.baseUrl).POST('/auth/login', {
        body: { email: `user:${id}`, password: 'Not-The-Password-1!' },
        headers: { 'x-forwarded-for': `192.0.2.${n + 1}` },
      });
    for (let n = 0; n < PER_ACCOUNT; n++) expect((await spray(n)).response.status).toBe(401);
    expectLimited('the next login for user:<uuid>', await spray(PER_ACCOUNT));
    expect((await changePassword(stack.baseUrl, access, password, strongPassword())).status).toBe(204);
  });

  let auditors = 0;
  /** A new auditor made by the admin, past the forced first-login change: its access token. */
  async function auditor(): Promise<string> {
    const email = uniqueEmail('auditor');
    const made = await admin.POST('/admin/users', { body: { email, roles: ['auditor'] } });
    expect(made.response.status).toBe(201);
    const temporary = made.data?.temporary_password ?? '';
    // From an address of its own: this suite's per-address budget on POST /auth/* is small.
    const headers = { 'x-forwarded-for': `203.0.113.${++auditors}` };
    const first = (await login(stack.baseUrl, email, temporary, headers)).body.access_token;
    const password = strongPassword();
    const changed = await apiClient(stack.baseUrl, first).POST('/auth/change-password', {
      headers,
      body: { current_password: temporary, new_password: password },
    });
    expect(changed.response.status).toBe(204);
    return (await login(stack.baseUrl, email, password, headers)).body.access_token;
  }

  it(`${FLOOD} refused audit reads from one user add a few records, whose counts add up to ${FLOOD}`, async () => {
    const password = strongPassword();
    const email = uniqueEmail('flood');
    const id = await register(stack.baseUrl, email, password);
    const founder = apiClient(stack.baseUrl, await token(stack.baseUrl, email, password));
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    // Keep-alive connections (fetch pools them), FLOOD_CONCURRENCY requests in flight.
    await Promise.all(
      Array.from({ length: FLOOD_CONCURRENCY }, async () => {
        while (next < FLOOD) {
          next += 1;
          const { response } = await founder.GET('/audit/verify');
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const floodSeconds = (Date.now() - started) / 1000;
    console.log(`${FLOOD} refused reads in ${floodSeconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].sort()).toEqual([403, 429]);
    expect(statuses.get(403)).toBeLessThanOrEqual(REFUSALS_PER_CALLER * (Math.ceil(floodSeconds / WINDOW_S) + 1));

    // The document types a record's data as any object: the count is a number on these.
    const countOf = (r: ApiSchema<'AuditRecord'>) => Number(r.data.count ?? 1);
    let seen = 'nothing yet';
    const records = await waitFor(
      async () => {
        const page = await admin.GET('/audit/events', {
          params: { query: { type: 'AuditLogQueried', outcome: 'failure', actor_id: id, limit: '1000' } },
        });
        const items = page.data?.items ?? [];
        const sum = items.reduce((total, r) => total + countOf(r), 0);
        seen = `${page.response.status}: ${items.length} records, counts summing to ${sum}`;
        return sum === FLOOD ? items : undefined;
      },
      { timeoutMs: (REFUSAL_WINDOW_S + 30) * 1000, intervalMs: 500, what: 'records whose counts add up to every refusal' },
    ).catch((err: Error) => {
      // Say what was there (too few: a report lost; too many: one recorded twice), and what the gateway logged.
      const notes = stack.logs.filter((l) => l.includes('not recorded')).slice(-5);
      throw new Error(`${err.message}; last seen ${seen}; gateway notes: ${JSON.stringify(notes)}`);
    });
    console.log(`recorded as ${records.length} audit records (window ${REFUSAL_WINDOW_S} s): counts ${records.map((r) => r.data.count).join(', ')}`);
    expect(records.length).toBeLessThanOrEqual(Math.ceil(floodSeconds / REFUSAL_WINDOW_S) + 1);
    for (const r of records) expect(r.data).toMatchObject({ endpoint: '/audit/verify', reason: 'FORBIDDEN', count: expect.any(Number) });
  });

  it('refuses a caller’s concurrent heavy audit reads beyond its limit with 429 + Retry-After', async () => {
    const reader = await auditor();
    const seen = await waitFor(
      async () => {
        const api = apiClient(stack.baseUrl, reader);
        const burst = await Promise.all(Array.from({ length: 20 }, () => api.GET('/audit/verify')));
        for (const res of burst) expect([200, 429]).toContain(res.response.status);
        const limited = burst.find((r) => r.response.status === 429);
        return limited && burst.some((r) => r.response.status === 200) ? limited : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'a burst with both answered and refused verifications' },
    );
    expect({ code: seen.error?.code, type: seen.response.headers.get('content-type') }).toEqual({
      code: 'RATE_LIMITED',
      type: expect.stringContaining('application/problem+json'),
    });
    expect(Number(seen.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
