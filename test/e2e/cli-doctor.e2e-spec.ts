/**
 * `tr4ction doctor` against the running stack, both ways: it fails on the development defaults
 * (naming what to do on each failing line) and passes once the deployment is production-like:
 * production environment (from an --env-file), default passwords changed, a backup recorded.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

interface DoctorReport {
  ok: boolean;
  passed: number;
  failed: number;
  trace_id: string;
  checks: Array<{ id: string; status: 'pass' | 'fail' | 'warn'; detail: string; fix?: string }>;
}

const ALL_CHECKS = [
  'configuration',
  'environment',
  'debug-mode',
  'signing-keys',
  'default-accounts',
  'cors-origins',
  'https',
  'bus-security',
  'database-roles',
  'database-backup',
  'rotations-due',
  'rotation-failures',
  'audit-chain',
];

describe('tr4ction doctor (e2e, running stack)', () => {
  let stack: ServiceStack;
  const dir = mkdtempSync(join(tmpdir(), 'tr4ction-doctor-'));
  /** The stack's key that encrypts signing keys at rest: production must set it (development generates one). */
  const masterKey = randomBytes(32).toString('hex');

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { SIGNING_KEYS_MASTER_KEY: masterKey } });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails on the development defaults, one line per check with what to do, exit 1', async () => {
    const env = stackEnv(stack, { ENVIRONMENT: 'development' });
    const res = await runCli(['--operator', 'e2e-doctor', '--json', 'doctor'], { env });
    expect(res.code).toBe(1);
    const report = res.json<DoctorReport>();
    expect(report.ok).toBe(false);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(Object.keys(status)).toEqual(ALL_CHECKS);
    expect(status).toEqual({
      configuration: 'pass',
      environment: 'fail',
      'debug-mode': 'pass',
      'signing-keys': 'fail',
      'default-accounts': 'fail',
      'cors-origins': 'fail',
      https: 'fail',
      'bus-security': 'pass',
      'database-roles': 'pass',
      'database-backup': 'fail',
      'rotations-due': 'pass',
      'rotation-failures': 'pass',
      'audit-chain': 'pass',
    });
    expect(report.checks.find((c) => c.id === 'default-accounts')?.detail).toBe('admin@tr4ction.com, demo@tr4ction.com still accept the default password');
    // The stack answers, so its effective runtime setting is judged, not this environment's CORS_ORIGINS.
    expect(report.checks.find((c) => c.id === 'cors-origins')?.detail).toMatch(
      /^runtime setting cors_origins \(the services’ CORS_ORIGINS; no admin has changed it\)/,
    );
    expect(report.checks.filter((c) => c.status === 'fail').every((c) => c.fix)).toBe(true);

    const human = await runCli(['doctor'], { env });
    expect(human.code).toBe(1);
    const lines = human.stdout.trim().split('\n');
    expect(lines).toHaveLength(ALL_CHECKS.length + 2);
    for (const [i, id] of ALL_CHECKS.entries()) expect(lines[i + 1]).toMatch(new RegExp(`^(PASS|FAIL)  ${id} +\\S`));
    for (const l of lines.filter((x) => x.startsWith('FAIL'))) expect(l).toContain(' -> ');
    expect(lines[lines.length - 1]).toBe('7 passed, 6 failed: not ready for production.');
  });

  it('database-roles fails when the audit writer may change rows or a service may reach another schema', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query('GRANT UPDATE ON audit.audit_log_v1 TO tr4ction_audit_writer');
      await db.query('GRANT USAGE ON SCHEMA users TO tr4ction_auth');
      const res = await runCli(['--json', 'doctor', '--check', 'database-roles'], { env: stackEnv(stack) });
      expect(res.code).toBe(1);
      const check = res.json<DoctorReport>().checks[0];
      expect(check).toMatchObject({ id: 'database-roles', status: 'fail' });
      expect(check.detail).toBe('tr4ction_auth may use schema users; tr4ction_audit_writer may UPDATE, DELETE or TRUNCATE audit.audit_log_v1');
    } finally {
      await db.query('REVOKE UPDATE ON audit.audit_log_v1 FROM tr4ction_audit_writer');
      await db.query('REVOKE USAGE ON SCHEMA users FROM tr4ction_auth');
      await db.end();
    }
    const healed = await runCli(['--json', 'doctor', '--check', 'database-roles'], { env: stackEnv(stack) });
    expect(healed.json<DoctorReport>().checks[0]).toMatchObject({
      status: 'pass',
      detail: '5 service roles, each owning only its schema; tr4ction_audit_writer may only read and append; no service connected as a superuser',
    });
  });

  it('leaves its reads of the audit log in the audit log, as the operator', async () => {
    const res = await runCli(['--operator', 'e2e-doctor', '--json', 'doctor', '--check', 'audit-chain'], { env: stackEnv(stack) });
    expect(res.code).toBe(0);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const trace = res.json<DoctorReport>().trace_id;
      const row = await waitFor(
        async () => (await db.query("SELECT actor, data FROM audit.audit_log_v1 WHERE type = 'AuditLogQueried' AND trace_id = $1", [trace])).rows[0],
        { what: 'the doctor’s AuditLogQueried record' },
      );
      expect(row).toEqual({ actor: { type: 'cli', id: 'e2e-doctor' }, data: { endpoint: '/audit/verify', filters: {} } });
    } finally {
      await db.end();
    }
  });

  it('cors-origins falls back to CORS_ORIGINS of the environment, saying so, when the stack does not answer', async () => {
    const res = await runCli(['--json', 'doctor', '--check', 'cors-origins'], {
      env: { CORS_ORIGINS: 'https://app.example.com', NATS_URL: 'nats://127.0.0.1:1' },
    });
    const check = res.json<DoctorReport>().checks[0];
    expect(check).toMatchObject({ id: 'cors-origins', status: 'pass' });
    expect(check.detail).toMatch(/^CORS_ORIGINS from the environment \(the stack did not answer: .+\): 1 https origin: https:\/\/app\.example\.com$/);
  });

  it('passes on a production-like deployment: production env file, default passwords changed, a recent backup, CORS origins set at runtime', async () => {
    const admin = await adminToken(stack.baseUrl);
    const cors = await apiClient(stack.baseUrl, admin).PUT('/admin/settings', { body: { cors_origins: ['https://tr4ction-v2-agent.vercel.app'] } });
    expect(cors.response.status).toBe(200);
    const demo = await login(stack.baseUrl, 'demo@tr4ction.com', 'demo123');
    expect(demo.password_change_required).toBe(true);
    const changed = await apiClient(stack.baseUrl, demo.access_token).POST('/auth/change-password', {
      body: { current_password: 'demo123', new_password: 'Green-Valley-Kite-42!' },
    });
    expect(changed.response.status).toBe(204);

    const backup = await runCli(['--operator', 'e2e-doctor', 'db', 'backup', '--out', dir], { env: stackEnv(stack) });
    expect(backup.code).toBe(0);

    const envFile = join(dir, 'production.env');
    writeFileSync(
      envFile,
      [
        '# what the production services run with',
        'ENVIRONMENT=production',
        'DEBUG_MODE=false',
        `SIGNING_KEYS_MASTER_KEY=${masterKey}`,
        'CORS_ORIGINS=https://tr4ction-v2-agent.vercel.app,https://api.tr4ction.ai',
        'TRUSTED_PROXIES=10.0.0.0/8',
        `DATABASE_URL=${stack.databaseUrl}`,
        `NATS_URL=${stack.nats.url}`,
        `NATS_CREDS_FILE=${stack.nats.env('cli').NATS_CREDS_FILE}`,
        `NATS_TLS_CA_FILE=${stack.nats.bus.caFile}`,
        // The CLI's own signing key and the pinned public keys (operator assertions, event checks).
        ...Object.entries(stack.cliIdentityEnv()).map(([k, v]) => `${k}=${v}`),
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // The shell still says development: the file is what is checked.
    const res = await runCli(['--env-file', envFile, '--json', 'doctor'], { env: { ENVIRONMENT: 'development' } });
    const report = res.json<DoctorReport>();
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(res.code).toBe(0);
    expect(report).toMatchObject({ ok: true, passed: ALL_CHECKS.length, failed: 0 });
    expect(report.checks.find((c) => c.id === 'cors-origins')?.detail).toMatch(
      /^runtime setting cors_origins \(set by an admin, last change \S+\): 1 https origin: https:\/\/tr4ction-v2-agent\.vercel\.app$/,
    );
    expect(report.checks.find((c) => c.id === 'bus-security')?.detail).toBe(
      'credential file set, TLS configured; the server refuses this credential a subscription to everything',
    );
    expect(report.checks.find((c) => c.id === 'database-backup')?.detail).toMatch(/^newest backup \d+ min ago: tr4ction-.+\.dump .* by e2e-doctor$/);
    expect(report.checks.find((c) => c.id === 'signing-keys')?.detail).toMatch(
      /^active key \S+ \(RS256\) signing for \d+ h, within the 90-day policy; SIGNING_KEYS_MASTER_KEY from the env provider: 64 bytes, not a known default$/,
    );
    expect(res.stdout).not.toContain(readSecret(envFile));

    const human = await runCli(['--env-file', envFile, 'doctor'], {});
    expect(human.code).toBe(0);
    expect(human.stdout.trim().split('\n').pop()).toBe(`all ${ALL_CHECKS.length} checks passed.`);
  });
});

function readSecret(envFile: string): string {
  return /SIGNING_KEYS_MASTER_KEY=(\S+)/.exec(readFileSync(envFile, 'utf8'))?.[1] ?? 'missing';
}
