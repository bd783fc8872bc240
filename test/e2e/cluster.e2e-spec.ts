/**
 * The scale-out story under failure: three nats-server processes with routes (R3 streams), two
 * gateways and two replicas of every service, all through PgBouncer in transaction mode. During
 * 60 s of mixed traffic (registrations, logins, refreshes, audit reads), one NATS node is SIGKILLed
 * and restarted, then one replica of each service (and one gateway) is SIGKILLed and restarted.
 * Then: every acknowledged registration is audited exactly once, every acknowledged login at least
 * once and never more often than attempted, the chain verifies, a revoke-all on one gateway reaches
 * the other, and at most 1 % of requests failed, each with a 503 problem JSON.
 *
 * This test plays the load balancer: a request the chosen gateway never received (connection
 * refused: that gateway was killed) goes to the other one, as a balancer would send it.
 */
import { randomUUID } from 'node:crypto';
import { freePort, NatsCluster, PrivatePgBouncer, testDatabasePasswords, ServiceStack, STACK_SERVICES, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { waitForGateway } from '../support/gateway-ready';
import { Db, strongPassword, uniqueEmail } from '../support/identity';

const TRAFFIC_MS = 60_000;
const WORKERS = 4;

/** What every typed call answers: the reply (a problem JSON when refused) and the raw response. */
interface Answered {
  error?: { status?: number };
  response: Response;
}

interface Tally {
  requests: number;
  failures: Array<{ op: string; status: number; problem: boolean }>;
}

describe('cluster: NATS nodes and replicas killed under traffic (e2e)', () => {
  let cluster: NatsCluster;
  let bouncer: PrivatePgBouncer;
  let stack: ServiceStack;
  let gateways: string[];
  let admin: string;

  beforeAll(async () => {
    cluster = await NatsCluster.start(3);
    // Each service signs in to PgBouncer as its own database role (and audit-service's log as the writer).
    bouncer = await PrivatePgBouncer.start(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { users: testDatabasePasswords() });
    stack = await ServiceStack.start({
      // Debian's PgBouncer (transaction mode) cannot carry named statements between server connections.
      env: { NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3', DATABASE_PREPARED_STATEMENTS: 'false' },
      // audit-service's restricted pool signs in as the writer role itself: PgBouncer refuses the
      // role as a startup option, and the session check proves the pool acts as the writer.
      databaseUrlForServices: (real) => bouncer.urlFor(real),
    });
    const secondGateway = await freePort();
    for (const service of STACK_SERVICES) {
      stack.launchReplica(`${service}-2`, service, service === 'api-gateway' ? { PORT: String(secondGateway) } : {});
    }
    gateways = [stack.baseUrl, `http://127.0.0.1:${secondGateway}`];
    await waitForGateway(gateways[1], 120_000, 'the second gateway');
    admin = await adminToken(stack.baseUrl);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await bouncer?.stop();
    await cluster?.stop();
  });

  it('loses no acknowledged write, audits each once, and fails at most 1 % of requests with 503 problems', async () => {
    const tally: Tally = { requests: 0, failures: [] };
    const registered: string[] = [];
    const logins = new Map<string, { acked: number; attempted: number }>();
    const accounts: Array<{ id: string; email: string; password: string; refresh?: string }> = [];
    let turn = 0;

    /**
     * One request through the "balancer": round robin, the other gateway when the first is gone. A
     * gateway killed mid-request may have passed it on already, so the resend carries the same
     * Idempotency-Key (as a client that retries should): the services answer it once.
     */
    async function send<R extends Answered>(
      op: string,
      request: (baseUrl: string, headers: Record<string, string>) => Promise<R>,
      ok: number[],
    ): Promise<R | undefined> {
      tally.requests++;
      const first = turn++ % 2;
      const once = { 'idempotency-key': randomUUID() };
      for (const g of [first, 1 - first]) {
        let res: R;
        try {
          res = await request(gateways[g], once);
        } catch {
          continue; // never reached that gateway: the balancer tries the other one
        }
        const status = res.response.status;
        if (ok.includes(status)) return res;
        const problem = (res.response.headers.get('content-type') ?? '').includes('application/problem+json') && res.error?.status === status;
        tally.failures.push({ op, status, problem });
        return undefined;
      }
      tally.failures.push({ op, status: 0, problem: false });
      return undefined;
    }

    async function worker(deadline: number): Promise<void> {
      while (Date.now() < deadline) {
        const pick = Math.random();
        if (pick < 0.3 || accounts.length === 0) {
          const email = uniqueEmail('cluster');
          const password = strongPassword();
          const res = await send('register', (base, headers) => apiClient(base).POST('/auth/register', { body: { email, password }, headers }), [201]);
          if (res?.data) {
            registered.push(res.data.id);
            accounts.push({ id: res.data.id, email, password });
            logins.set(res.data.id, { acked: 0, attempted: 0 });
          }
        } else if (pick < 0.6) {
          const account = accounts[Math.floor(Math.random() * accounts.length)];
          const count = logins.get(account.id)!;
          count.attempted++;
          const res = await send(
            'login',
            (base, headers) => apiClient(base).POST('/auth/login', { body: { email: account.email, password: account.password }, headers }),
            [200],
          );
          if (res) {
            count.acked++;
            account.refresh = res.data && 'refresh_token' in res.data ? res.data.refresh_token : undefined;
          }
        } else if (pick < 0.8) {
          const account = accounts.find((a) => a.refresh);
          if (!account?.refresh) continue;
          const refresh = account.refresh;
          account.refresh = undefined; // spent either way: a refresh token is single-use
          await send('refresh', (base, headers) => apiClient(base).POST('/auth/refresh', { body: { refresh_token: refresh }, headers }), [200]);
        } else {
          await send('audit-read', (base, headers) => apiClient(base, admin).GET('/audit/events', { params: { query: { limit: '20' } }, headers }), [200]);
        }
      }
    }

    const started = Date.now();
    const deadline = started + TRAFFIC_MS;
    const chaos = (async () => {
      const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, started + ms - Date.now())));
      await at(10_000);
      await cluster.kill(cluster.names[0]);
      await at(20_000);
      cluster.restart(cluster.names[0]);
      await at(30_000);
      await Promise.all(STACK_SERVICES.map((s) => stack.stopService(s, 'SIGKILL')));
      await at(40_000);
      for (const s of STACK_SERVICES) stack.launch(s);
    })();
    await Promise.all([...Array.from({ length: WORKERS }, () => worker(deadline)), chaos]);
    await stack.waitReady(120_000);

    // Every acknowledged registration reaches the audit log exactly once; logins at least once per
    // acknowledgement and never more often than attempted (an unacknowledged one may have committed,
    // but a resent one never commits twice).
    const db = await Db.connect(stack.databaseUrl);
    try {
      const counts = async () => {
        const rows = await db.query<{ id: string; type: string; n: string }>(
          `SELECT subject->>'id' AS id, type, count(*) AS n FROM audit.audit_log_v1
            WHERE type IN ('UserRegistered', 'LoginSucceeded') AND subject->>'id' = ANY($1) GROUP BY 1, 2`,
          [registered],
        );
        return new Map(rows.map((r) => [`${r.type}:${r.id}`, Number(r.n)]));
      };
      const audited = await waitFor(
        async () => {
          const c = await counts();
          const complete =
            registered.every((id) => c.get(`UserRegistered:${id}`) === 1) && [...logins].every(([id, l]) => (c.get(`LoginSucceeded:${id}`) ?? 0) >= l.acked);
          return complete ? c : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 500, what: 'every acknowledged write in the audit log' },
      );
      for (const id of registered) expect({ id, n: audited.get(`UserRegistered:${id}`) }).toEqual({ id, n: 1 });
      // A login whose connection died after delivery is resent under its idempotency key and applied
      // once: no user has more LoginSucceeded records than login attempts.
      const repeated = [...logins]
        .filter(([id, l]) => (audited.get(`LoginSucceeded:${id}`) ?? 0) > l.attempted)
        .map(([id, l]) => ({ id, attempted: l.attempted, audited: audited.get(`LoginSucceeded:${id}`) }));
      const attempted = [...logins.values()].reduce((n, l) => n + l.attempted, 0);
      const acked = [...logins.values()].reduce((n, l) => n + l.acked, 0);
      const loginsAudited = [...logins.keys()].reduce((n, id) => n + (audited.get(`LoginSucceeded:${id}`) ?? 0), 0);
      console.log(
        `cluster e2e logins: ${attempted} attempted, ${acked} acknowledged, ${loginsAudited} audited; users audited more often than attempted: ${repeated.length} of ${logins.size}`,
      );
      expect(repeated).toEqual([]);
    } finally {
      await db.end();
    }

    const verified = await apiClient(stack.baseUrl, admin).GET('/audit/verify');
    expect(verified.data).toMatchObject({ ok: true });

    const rate = tally.failures.length / tally.requests;
    console.log(
      `cluster e2e: ${tally.requests} requests, ${registered.length} registrations, ${tally.failures.length} failed (${(rate * 100).toFixed(2)} %): ${JSON.stringify(tally.failures.slice(0, 10))}`,
    );
    expect(tally.requests).toBeGreaterThan(100);
    expect(tally.failures.filter((f) => f.status !== 503 || !f.problem)).toEqual([]);
    expect(rate).toBeLessThanOrEqual(0.01);
  }, 480_000);

  it('a revoke-all on one gateway reaches the other', async () => {
    const fresh = await adminToken(gateways[1]);
    const [first, second] = gateways.map((base) => apiClient(base, fresh));
    expect((await second.GET('/auth/me')).response.status).toBe(200);
    const revoked = await first.POST('/admin/tokens/revoke-all', { body: { reason: 'cluster e2e' } });
    expect(revoked.response.status).toBeLessThan(300);
    await waitFor(async () => (await second.GET('/auth/me')).response.status === 401 || undefined, {
      timeoutMs: 30_000,
      what: 'the second gateway to reject a token revoked through the first',
    });
  }, 120_000);
});
