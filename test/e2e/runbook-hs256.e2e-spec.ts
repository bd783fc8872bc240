/**
 * The runbook's mode, now opt-in: JWT_ALGORITHM=HS256 signs with JWT_SECRET_KEY read through the
 * secrets provider (the file provider here), publishes no JWKS, and rotating the secret in the
 * provider no longer logs anyone out. In production a missing, short or known-default secret stops
 * a process before it connects or listens, naming the variable and never its value.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, dropTestDatabase, DEFAULT_DATABASE_URL, freePort, prepareTestDatabaseRoles, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { attackerKey, decodeJwt, forgeJwt, rs256With } from '../support/tokens';

const ROOT = resolve(__dirname, '..', '..');
const RUNBOOK_EXAMPLE = 'a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2';

/** Runs one built service until it exits (or 60 s pass); returns its exit code and everything it printed. */
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

describe('runbook HS256 mode (e2e)', () => {
  describe('production refuses unusable secrets before it connects or listens', () => {
    let closedNats: string;
    let port: number;

    beforeAll(async () => {
      // Nothing listens here: a process that got as far as connecting would hang, not exit.
      closedNats = `tls://127.0.0.1:${await freePort()}`;
      port = await freePort();
    });

    it.each([
      ['missing', undefined],
      ['short', 'only-twenty-bytes!!!'],
      ['a known default (the runbook example)', RUNBOOK_EXAMPLE],
    ])('gateway, JWT_SECRET_KEY %s', async (_what, secret) => {
      const env: Record<string, string> = {
        ENVIRONMENT: 'production',
        JWT_ALGORITHM: 'HS256',
        NATS_URL: closedNats,
        NATS_CREDS_FILE: 'unused.nk',
        PORT: String(port),
      };
      if (secret) env.JWT_SECRET_KEY = secret;

      const { code, output } = await runUntilExit('api-gateway', env);

      expect(code).not.toBe(0);
      expect(output).toContain('JWT_SECRET_KEY');
      expect(output).not.toMatch(/listening/);
      if (secret) expect(output).not.toContain(secret);
    });

    it.each(['auth-service', 'rotation-service'])('%s without SIGNING_KEYS_MASTER_KEY (the default RS256 mode)', async (service) => {
      const databaseUrl = await createTestDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'tr4ction_e2e');
      try {
        // The service's own role: a superuser login would be refused first (exit 78, database-roles e2e).
        const roles = await prepareTestDatabaseRoles(databaseUrl);
        const { code, output } = await runUntilExit(service, {
          ENVIRONMENT: 'production',
          DATABASE_URL: roles.urlFor(service),
          NATS_URL: closedNats,
          NATS_CREDS_FILE: 'unused.nk',
        });
        expect(code).not.toBe(0);
        expect(output).toContain('SIGNING_KEYS_MASTER_KEY');
        // Its own "<service> ready" line (the management port's listening line names /health/ready).
        expect(output).not.toContain(`${service} ready`);
      } finally {
        await dropTestDatabase(databaseUrl).catch(() => undefined);
      }
    });

    it('a weak master key is refused without being echoed', async () => {
      const databaseUrl = await createTestDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'tr4ction_e2e');
      try {
        const weak = 'changeme';
        const roles = await prepareTestDatabaseRoles(databaseUrl);
        const { code, output } = await runUntilExit('rotation-service', {
          ENVIRONMENT: 'production',
          DATABASE_URL: roles.urlFor('rotation-service'),
          NATS_URL: closedNats,
          NATS_CREDS_FILE: 'unused.nk',
          SIGNING_KEYS_MASTER_KEY: weak,
        });
        expect(code).not.toBe(0);
        expect(output).toContain('SIGNING_KEYS_MASTER_KEY');
        expect(output).not.toContain(`"${weak}"`);
        expect(output).not.toMatch(/=changeme|: changeme/);
      } finally {
        await dropTestDatabase(databaseUrl).catch(() => undefined);
      }
    });
  });

  describe('a stack in HS256 mode with the file secrets provider', () => {
    let stack: ServiceStack;
    let dir: string;
    let admin: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tr4ction-secrets-'));
      await writeFile(join(dir, 'JWT_SECRET_KEY'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      stack = await ServiceStack.start({ env: { JWT_ALGORITHM: 'HS256', SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir, JWT_SECRET_KEY: '' } });
      admin = await adminToken(stack.baseUrl);
    });

    afterAll(async () => {
      await stack?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('signs HS256 with the secret from the file and publishes no JWKS', async () => {
      expect(decodeJwt(admin).header).toEqual({ alg: 'HS256', kid: expect.stringMatching(/^hs256-/), typ: 'at+jwt' });
      expect((await apiClient(stack.baseUrl, admin).GET('/auth/me')).response.status).toBe(200);
      expect((await apiClient(stack.baseUrl).GET('/.well-known/jwks.json')).data).toEqual({ keys: [] });
      const keys = await apiClient(stack.baseUrl, admin).GET('/admin/keys');
      expect(keys.data?.items).toEqual([expect.objectContaining({ kid: decodeJwt(admin).header.kid, alg: 'HS256', status: 'active' })]);
    });

    it('refuses asymmetric tokens in HS256 mode', async () => {
      const attacker = attackerKey();
      const token = forgeJwt(
        { alg: 'RS256', typ: 'at+jwt', kid: String(decodeJwt(admin).header.kid) },
        decodeJwt(admin).payload,
        rs256With(attacker.privateKey),
      );
      expect((await apiClient(stack.baseUrl, token).GET('/auth/me')).response.status).toBe(401);
    });

    it('a secret rotated in the provider is re-read on rotation, and nobody is logged out', async () => {
      const oldKid = decodeJwt(admin).header.kid;
      await writeFile(join(dir, 'JWT_SECRET_KEY'), `${randomBytes(32).toString('hex')}\n`);

      const res = await apiClient(stack.baseUrl, admin).POST('/admin/keys/rotate');
      expect(res.response.status).toBe(200);
      expect(res.data?.status).toBe('rotated');
      expect(res.data?.active_kid).not.toBe(oldKid);

      const fresh = await waitFor(
        async () => {
          const r = await login(stack.baseUrl, 'admin@tr4ction.com', 'Blue-Harbor-Lamp-77!');
          return r.access_token && decodeJwt(r.access_token).header.kid === res.data?.active_kid ? r.access_token : undefined;
        },
        { timeoutMs: 10_000, what: 'a token signed with the new secret' },
      );
      await waitFor(async () => (await apiClient(stack.baseUrl, fresh).GET('/auth/me')).response.status === 200, {
        timeoutMs: 5000,
        what: 'the gateway to accept the new secret',
      });
      // The token signed with the old secret keeps working through its lifetime.
      expect((await apiClient(stack.baseUrl, admin).GET('/auth/me')).response.status).toBe(200);
    });
  });
});
