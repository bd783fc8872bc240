/**
 * The whole stack through a real PgBouncer in transaction pooling mode (Debian's `pgbouncer`,
 * started by the test on a spare port, installed with apt-get when missing): every service's
 * migrations (under a transaction-level advisory lock), a registration, logins and the audit trail
 * they leave, with a chain that verifies. Every service signs in to PgBouncer as its own database
 * role (SCRAM, one user each), audit-service's restricted pool as the append-only writer. PgBouncer refuses session-level startup settings and may
 * send two transactions of one client to two server connections, so this fails if a service keeps
 * session state.
 */
import { PrivatePgBouncer, testDatabasePasswords, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { login, register, strongPassword, uniqueEmail } from '../support/identity';

describe('through PgBouncer in transaction mode (e2e)', () => {
  let bouncer: PrivatePgBouncer;
  let stack: ServiceStack;

  beforeAll(async () => {
    // Each service signs in to PgBouncer as its own database role (and audit-service's log as the writer).
    bouncer = await PrivatePgBouncer.start(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { users: testDatabasePasswords() });
    stack = await ServiceStack.start({
      // Debian's PgBouncer (transaction mode) cannot carry named statements between server connections.
      env: { DATABASE_PREPARED_STATEMENTS: 'false' },
      // audit-service's restricted pool signs in as the writer role itself: PgBouncer refuses the
      // role as a startup option, and the session check proves the pool acts as the writer.
      databaseUrlForServices: (real) => bouncer.urlFor(real),
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await bouncer?.stop();
  });

  it('registers, logs in and audits it, with a chain that verifies', async () => {
    const admin = await adminToken(stack.baseUrl);
    const email = uniqueEmail('bouncer');
    const password = strongPassword();
    const userId = await register(stack.baseUrl, email, password);
    const ok = await login(stack.baseUrl, email, password);
    expect(ok.status).toBe(200);
    const refused = await login(stack.baseUrl, email, `${password}-wrong`);
    expect(refused.status).toBe(401);

    const records = await waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query: { subject_id: userId, limit: '100' } } });
        const types = res.data?.items.map((r) => `${r.type}:${r.outcome}`) ?? [];
        return types.includes('UserRegistered:success') && types.includes('LoginSucceeded:success') && types.includes('LoginFailed:failure')
          ? types
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the registration and both logins in the audit log' },
    );
    expect(records.filter((t) => t === 'UserRegistered:success')).toHaveLength(1);

    const verified = await apiClient(stack.baseUrl, admin).GET('/audit/verify');
    expect(verified.response.status).toBe(200);
    expect(verified.data).toMatchObject({ ok: true });
    expect(verified.data?.checked).toBeGreaterThan(0);
  });

  it('leaves no error from PgBouncer in any service log', () => {
    expect(stack.logs.filter((l) => /unsupported startup parameter|prepared statement .* does not exist|advisory/i.test(l))).toEqual([]);
  });
});
