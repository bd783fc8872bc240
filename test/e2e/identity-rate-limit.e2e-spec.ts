/**
 * Rate limits on /auth/* with the stack as real processes and three gateway replicas sharing the
 * counters through Postgres: per client address, per account, and X-Forwarded-For believed only
 * from a configured trusted proxy. Small limits and a 10 s window are set for this suite.
 */
import { freePort, ServiceStack } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';
import { waitForGateway } from '../support/gateway-ready';
import { Db, register, strongPassword, uniqueEmail } from '../support/identity';
import { freshWindow } from '../support/rate-limit-window';

const WINDOW_S = 10;
const PER_IP = 8;
const PER_ACCOUNT = 3;
const LIMITS = { RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S), RATE_LIMIT_AUTH_PER_IP: String(PER_IP), RATE_LIMIT_AUTH_PER_ACCOUNT: String(PER_ACCOUNT) };

function expectLimited({ error, response }: { error?: unknown; response: Response }): void {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  const retry = Number(response.headers.get('retry-after'));
  expect(retry).toBeGreaterThanOrEqual(1);
  expect(retry).toBeLessThanOrEqual(WINDOW_S);
}

describe('rate limits on /auth/* (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let gateways: string[];
  let untrusting: string;

  const attempt = (baseUrl: string, email: string, ip?: string) =>
    apiClient(baseUrl).POST('/auth/login', { body: { email, password: 'Not-The-Password-1!' }, headers: ip ? { 'x-forwarded-for': ip } : {} });

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { TRUSTED_PROXIES: '127.0.0.1', ...LIMITS } });
    db = await Db.connect(stack.databaseUrl);
    const [b, c] = [await freePort(), await freePort()];
    stack.launchReplica('gateway-b', 'api-gateway', { PORT: String(b) });
    stack.launchReplica('gateway-c', 'api-gateway', { PORT: String(c), TRUSTED_PROXIES: '' });
    gateways = [stack.baseUrl, `http://127.0.0.1:${b}`];
    untrusting = `http://127.0.0.1:${c}`;
    for (const url of [...gateways, untrusting]) await waitForGateway(url, 60_000);
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it(`per client address: ${PER_IP} POSTs per window, counted together by every replica`, async () => {
    await freshWindow(WINDOW_S);
    for (let i = 0; i < PER_IP; i++) expect((await attempt(gateways[i % 2], uniqueEmail('ip'), '198.51.100.7')).response.status).toBe(401);
    const over = await attempt(gateways[1], uniqueEmail('ip'), '198.51.100.7');
    expectLimited(over);
    expectLimited(await attempt(gateways[0], uniqueEmail('ip'), '198.51.100.7'));
    // Register counts against the same address budget.
    expectLimited(
      await apiClient(gateways[0]).POST('/auth/register', {
        body: { email: uniqueEmail('ip'), password: strongPassword() },
        headers: { 'x-forwarded-for': '198.51.100.7' },
      }),
    );
    expect((await attempt(gateways[0], uniqueEmail('ip'), '198.51.100.8')).response.status).toBe(401);
    // After Retry-After the address may try again.
    await new Promise((r) => setTimeout(r, Number(over.response.headers.get('retry-after')) * 1000));
    expect((await attempt(gateways[1], uniqueEmail('ip'), '198.51.100.7')).response.status).toBe(401);
  });

  it(`per account: ${PER_ACCOUNT} logins per window whatever the addresses and replicas, refused before any password check`, async () => {
    const email = uniqueEmail('acct');
    const id = await register(stack.baseUrl, email, strongPassword());
    await freshWindow(WINDOW_S);
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await attempt(gateways[i % 2], email, `192.0.2.${i + 1}`)).response.status).toBe(401);
    expectLimited(await attempt(gateways[1], email, '192.0.2.50'));
    expectLimited(await attempt(gateways[0], email.toUpperCase(), '192.0.2.51'));
    expect((await attempt(gateways[0], uniqueEmail('other'), '192.0.2.52')).response.status).toBe(401);
    const failed = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users.outbox WHERE envelope->>'type' = 'LoginFailed' AND envelope->'subject'->>'id' = $1`,
      [id],
    );
    expect(failed[0].n).toBe(PER_ACCOUNT);
  });

  it('X-Forwarded-For counts only from a trusted proxy: elsewhere the socket address is the client', async () => {
    await freshWindow(WINDOW_S);
    for (let i = 0; i < PER_IP; i++) expect((await attempt(untrusting, uniqueEmail('xff'), `203.0.113.${i + 1}`)).response.status).toBe(401);
    expectLimited(await attempt(untrusting, uniqueEmail('xff'), '203.0.113.200'));
    const ips = await db.query<{ ip: string }>(
      `SELECT DISTINCT envelope->'source'->>'ip' AS ip FROM users.outbox WHERE envelope->>'type' = 'LoginFailed' AND envelope->'data'->>'reason' = 'unknown_email' AND envelope->'source'->>'ip' LIKE '203.0.113.%'`,
    );
    expect(ips).toEqual([]);
  });
});
