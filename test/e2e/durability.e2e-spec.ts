/**
 * Nothing lost, nothing doubled: the stack as real processes under the faults the foundation
 * promises to survive. Faults use a private nats-server and a TCP proxy in front of Postgres,
 * never the machine's shared servers.
 */
import { Client } from 'pg';
import { ServiceStack, TcpProxy, waitFor } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';

const PASSWORD = 'Granite-Falcon-6284!';

async function registerMany(baseUrl: string, prefix: string, count: number, concurrency = 8): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const { response } = await apiClient(baseUrl).POST('/auth/register', { body: { email: `${prefix}-${i}@example.com`, password: PASSWORD } });
        statuses.push(response.status);
      }
    }),
  );
  return statuses;
}

describe('durability (e2e)', () => {
  let stack: ServiceStack;
  let proxy: TcpProxy;
  let db: Client;

  async function auditedRegistrations(prefix: string): Promise<{ rows: number; users: number }> {
    const r = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT subject_id)::int AS users FROM audit.audit_log_v1 WHERE type = 'UserRegistered' AND data->>'email' LIKE $1`,
      [`${prefix}-%`],
    );
    return r.rows[0] as { rows: number; users: number };
  }

  beforeAll(async () => {
    const pgUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    proxy = await TcpProxy.start(pgUrl.hostname, Number(pgUrl.port || 5432));
    stack = await ServiceStack.start({
      databaseUrlForServices: (real) => {
        const u = new URL(real);
        u.hostname = '127.0.0.1';
        u.port = String(proxy.port);
        return u.toString();
      },
    });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await proxy?.close();
  });

  it('audit-service stopped, 500 registrations, audit-service started: exactly 500 audit rows', async () => {
    await stack.stopService('audit-service');
    const statuses = await registerMany(stack.baseUrl, 'bulk', 500);
    expect(statuses.filter((s) => s === 201)).toHaveLength(500);
    expect(await auditedRegistrations('bulk')).toEqual({ rows: 0, users: 0 });

    stack.launch('audit-service');
    const done = await waitFor(
      async () => {
        const c = await auditedRegistrations('bulk');
        return c.rows >= 500 ? c : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: '500 audit rows' },
    );
    expect(done).toEqual({ rows: 500, users: 500 });
    await stack.waitReady();
  });

  it('NATS stopped for 20 s during registrations: they still succeed and every event arrives', async () => {
    await stack.nats.pause();
    const outage = new Promise<void>((resolve) => setTimeout(() => void stack.nats.resume().then(resolve), 20_000));
    const statuses = await registerMany(stack.baseUrl, 'outage', 20, 4);
    await outage;
    expect(statuses).toEqual(Array(20).fill(201));
    const done = await waitFor(
      async () => {
        const c = await auditedRegistrations('outage');
        return c.rows >= 20 ? c : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the outage registrations in the audit log' },
    );
    expect(done).toEqual({ rows: 20, users: 20 });
    await stack.waitReady();
  });

  it('Postgres cut: 503 problem JSON (never a 500), and recovery on its own when it returns', async () => {
    proxy.cut();
    try {
      const api = apiClient(stack.baseUrl);
      const res = await api.POST('/auth/register', { body: { email: `cut-${Date.now()}@example.com`, password: PASSWORD } });
      expect(res.response.status).toBe(503);
      expect(res.response.headers.get('content-type')).toContain('application/problem+json');
      expect(res.error).toMatchObject({ status: 503, code: expect.stringMatching(/UNAVAILABLE/) });
      expect((await api.GET('/health/ready')).response.status).toBe(503);
    } finally {
      proxy.restore();
    }
    const email = `after-cut-${Date.now()}@example.com`;
    const res = await waitFor(
      async () => {
        const r = await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password: PASSWORD } });
        return r.response.status === 201 ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'a registration after Postgres returned' },
    );
    expect(res.response.status).toBe(201);
    await stack.waitReady(30_000);
  });
});
