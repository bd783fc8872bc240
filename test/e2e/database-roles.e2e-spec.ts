/**
 * Least privilege in Postgres, against a running stack: every service is connected as its own role
 * (none a superuser); with each service's own credentials, reading another service's schema is
 * refused by Postgres, and the audit writer can only read and append; in production a service
 * refuses to start on a superuser login (exit 78, naming the variable and the login, no password).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { AUDIT_WRITER_LOGIN, SERVICE_DATABASE_ROLES } from '@tr4ction/persistence';
import { BUS_PUBLIC_KEYS, busSigningKeyName } from '@tr4ction/security';
import { freePort, ServiceStack, STACK_SERVICES, testDatabasePasswords, waitFor, type StackService } from '@tr4ction/testing';
import { login } from '../support/accounts';

const ROOT = resolve(__dirname, '..', '..');

/** Where each service keeps a table, to try from the other services' logins. */
const TABLE_OF: Record<StackService, string> = {
  'api-gateway': 'gateway.rate_limit_counters',
  'auth-service': 'auth.refresh_tokens',
  'user-service': 'users.users_v1',
  'audit-service': 'audit.audit_log_v1',
  'rotation-service': 'rotation.signing_keys_v1',
};

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  throw new Error('expected the statement to be refused');
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function runUntilExit(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('database roles (e2e)', () => {
  let stack: ServiceStack;
  let admin: Client;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    admin = new Client({ connectionString: stack.databaseUrl });
    await admin.connect();
    // Some rows in every table the tries below aim at.
    expect((await login(stack.baseUrl, 'admin@tr4ction.com', 'admin123')).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await admin?.end();
    await stack?.stop();
  });

  it('connects every service as its own role, none of them a superuser', async () => {
    const expected = Object.fromEntries(SERVICE_DATABASE_ROLES.map((r) => [r.service, r.role]));
    // The gateway's runtime pool is its rate-limit counters' (its migration pool is closed by then).
    const apps = ['user-service', 'auth-service', 'audit-service', 'rotation-service', 'api-gateway-rate-limit'];
    const seen = await waitFor(
      async () => {
        // Pools close idle connections: a login has every service (and the rate limiter) use theirs.
        await login(stack.baseUrl, 'admin@tr4ction.com', 'admin123');
        const r = await admin.query<{ app: string; login: string; superuser: boolean }>(
          `SELECT DISTINCT a.application_name AS app, a.usename::text AS login, r.rolsuper AS superuser
             FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
            WHERE a.datname = current_database() AND a.application_name = ANY($1)`,
          [apps],
        );
        const connected = new Set(r.rows.map((row) => row.app));
        return apps.every((a) => connected.has(a)) ? r.rows : undefined;
      },
      { timeoutMs: 30_000, what: 'every service connected' },
    );
    for (const row of seen) {
      const service = row.app === 'api-gateway-rate-limit' ? 'api-gateway' : row.app;
      expect(row.superuser).toBe(false);
      // audit-service's second pool signs in as the append-only writer.
      expect([expected[service], ...(service === 'audit-service' ? [AUDIT_WRITER_LOGIN] : [])]).toContain(row.login);
    }
  });

  describe.each(STACK_SERVICES)('with the credentials of %s', (service) => {
    it('reads its own schema', async () => {
      await withClient(stack.databaseUrlOf(service), async (c) => {
        await c.query(`SELECT count(*) FROM ${TABLE_OF[service]}`);
      });
    });

    it.each(STACK_SERVICES.filter((other) => other !== service))("is refused %s's schema", async (other) => {
      await withClient(stack.databaseUrlOf(service), async (c) => {
        const err = await failure(c.query(`SELECT * FROM ${TABLE_OF[other]} LIMIT 1`));
        expect(err.code).toBe('42501');
        expect(err.message).toMatch(/permission denied for schema/);
      });
    });

    it('cannot create a schema, a role or a table in public', async () => {
      await withClient(stack.databaseUrlOf(service), async (c) => {
        expect((await failure(c.query('CREATE SCHEMA shadow'))).code).toBe('42501');
        expect((await failure(c.query('CREATE ROLE shadow_role'))).code).toBe('42501');
        expect((await failure(c.query('CREATE TABLE public.shadow (x int)'))).code).toBe('42501');
      });
    });
  });

  describe('the audit writer', () => {
    const writerUrl = () => {
      const u = new URL(stack.databaseUrl);
      u.username = AUDIT_WRITER_LOGIN;
      u.password = testDatabasePasswords()[AUDIT_WRITER_LOGIN];
      return u.toString();
    };

    it.each([
      ['UPDATE', 'UPDATE audit.audit_log_v1 SET hash = hash'],
      ['DELETE', 'DELETE FROM audit.audit_log_v1'],
      ['TRUNCATE', 'TRUNCATE audit.audit_log_v1'],
      ['UPDATE a checkpoint', 'UPDATE audit.audit_checkpoints_v1 SET signature = signature'],
    ])('is refused %s by privilege (not only by the trigger)', async (_op, sql) => {
      await withClient(writerUrl(), async (c) => {
        const err = await failure(c.query(sql));
        expect(err.code).toBe('42501');
        expect(err.message).toMatch(/permission denied for table/);
      });
    });

    it('reads the log, and nothing of the other services', async () => {
      await withClient(writerUrl(), async (c) => {
        const rows = await c.query<{ n: string }>('SELECT count(*) AS n FROM audit.audit_log_v1');
        expect(Number(rows.rows[0].n)).toBeGreaterThan(0);
        expect((await failure(c.query('SELECT * FROM users.users_v1 LIMIT 1'))).code).toBe('42501');
      });
    });
  });

  describe('in production', () => {
    let closedNats: string;

    beforeAll(async () => {
      // Nothing listens here: a process that got past the database check would hang or fail later, not exit 78.
      closedNats = `tls://127.0.0.1:${await freePort()}`;
    });

    it.each(['user-service', 'auth-service', 'api-gateway'])('%s refuses a superuser login (exit 78, no password)', async (service) => {
      const superuserUrl = new URL(stack.databaseUrl);
      superuserUrl.password = 'not-the-real-password-canary';
      const { code, output } = await runUntilExit(service, {
        ENVIRONMENT: 'production',
        // A password the server ignores (trust on loopback), to see that it is never printed.
        DATABASE_URL: superuserUrl.toString(),
        NATS_URL: closedNats,
        NATS_CREDS_FILE: 'unused.nk',
        PORT: String(await freePort()),
        MANAGEMENT_PORT: '0',
        // The gateway loads its bus keys before it touches Postgres: give it valid ones.
        [busSigningKeyName(service)]: stack.busKeys.env[busSigningKeyName(service)],
        [BUS_PUBLIC_KEYS]: stack.busKeys.env[BUS_PUBLIC_KEYS],
      });
      expect(code).toBe(78);
      expect(output).toMatch(/DATABASE_URL logs in as \w+, which has SUPERUSER/);
      expect(output).not.toContain(`${service} ready`);
      expect(output).not.toContain('not-the-real-password-canary');
    });

    it('a service role passes the check (the process migrates and goes on to its next production check)', async () => {
      const { code, output } = await runUntilExit('user-service', {
        ENVIRONMENT: 'production',
        DATABASE_URL: stack.databaseUrlOf('user-service'),
        NATS_URL: closedNats,
        NATS_CREDS_FILE: 'unused.nk',
        MANAGEMENT_PORT: '0',
      });
      expect(code).not.toBe(78);
      expect(output).not.toMatch(/which has SUPERUSER/);
      // The check after the database's: no MFA key from the secrets provider in this environment.
      expect(output).toContain('MFA_ENCRYPTION_KEY');
      for (const password of Object.values(testDatabasePasswords())) expect(output).not.toContain(password);
    });
  });
});
