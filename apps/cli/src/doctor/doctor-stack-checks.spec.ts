/**
 * The checks that read the stack, on FAKES of the RPC client (no NATS here): how they judge what
 * the services answer. The real services are exercised in test/e2e/cli-doctor.e2e-spec.ts.
 */
import { randomBytes } from 'node:crypto';
import type { RpcClient } from '@tr4ction/messaging';
import { hmacKeyId } from '@tr4ction/tokens';
import type { DoctorContext } from './doctor-check';
import { auditChainCheck } from './checks/audit-chain.check';
import { corsOriginsCheck } from './checks/cors-origins.check';
import { databaseBackupCheck } from './checks/database-backup.check';
import { rotationsDueCheck } from './checks/rotations-due.check';
import { signingKeysCheck } from './checks/signing-keys.check';

const NOW = new Date('2026-02-01T12:00:00Z');

function fakeRpcContext(answer: unknown, env: NodeJS.ProcessEnv = {}): { ctx: DoctorContext; sent: Array<{ pattern: string; data: unknown }> } {
  const sent: Array<{ pattern: string; data: unknown }> = [];
  const fakeRpc = {
    send: async (pattern: string, _meta: unknown, data: unknown) => {
      sent.push({ pattern, data });
      return answer;
    },
  } as unknown as RpcClient;
  const ctx: DoctorContext = {
    env,
    now: () => NOW,
    db: () => Promise.reject(new Error('no database in this spec')),
    rpc: async () => fakeRpc,
    meta: () => ({ actor: { type: 'cli', id: 'spec' } }),
  };
  return { ctx, sent };
}

function backupRecord(hoursAgo: number) {
  return {
    occurred_at: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
    actor: { type: 'cli', id: 'cron-backup' },
    data: { file_name: 'tr4ction-tr4ction-20260201T020000Z.dump', size_bytes: 3 * 1024 * 1024, sha256: 'ab'.repeat(32) },
  };
}

describe(databaseBackupCheck.id, () => {
  it('asks audit-service for the newest DatabaseBackupCompleted only', async () => {
    const { ctx, sent } = fakeRpcContext({ items: [backupRecord(2)], next_cursor: null });
    const outcome = await databaseBackupCheck.run(ctx);
    expect(sent).toEqual([{ pattern: 'rpc.audit.query', data: { type: 'DatabaseBackupCompleted', limit: 1 } }]);
    expect(outcome).toEqual({
      status: 'pass',
      detail: 'newest backup 2.0 h ago: tr4ction-tr4ction-20260201T020000Z.dump (3.0 MiB, sha256 abababababab…) by cron-backup',
    });
  });

  it('fails when none is recorded, or the newest is older than BACKUP_MAX_AGE_HOURS (default 26)', async () => {
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [], next_cursor: null }).ctx)).status).toBe('fail');
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [backupRecord(30)], next_cursor: null }).ctx)).detail).toMatch(
      /^newest backup is 30 h old \(limit 26 h\)/,
    );
    expect((await databaseBackupCheck.run(fakeRpcContext({ items: [backupRecord(30)], next_cursor: null }, { BACKUP_MAX_AGE_HOURS: '48' }).ctx)).status).toBe(
      'pass',
    );
  });
});

describe(auditChainCheck.id, () => {
  it('passes on a verified chain and fails naming the first bad record', async () => {
    expect(await auditChainCheck.run(fakeRpcContext({ ok: true, checked: 42, head: { seq: 42, hash: 'f'.repeat(64) } }).ctx)).toEqual({
      status: 'pass',
      detail: '42 records, head seq 42',
    });
    const broken = await auditChainCheck.run(
      fakeRpcContext({ ok: false, checked: 6, head: { seq: 6, hash: 'f'.repeat(64) }, first_bad_seq: 7, reason: 'hash_mismatch' }).ctx,
    );
    expect(broken).toMatchObject({ status: 'fail', detail: 'broken at seq 7 (hash_mismatch); 6 records still verify' });
  });
});

/** A fake RPC client that answers by pattern (rotation-service's lists, audit-service's query). */
function fakeServices(answers: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): DoctorContext {
  const fakeRpc = {
    send: async (pattern: string) => {
      if (!(pattern in answers)) throw new Error(`unexpected ${pattern}`);
      return answers[pattern];
    },
  } as unknown as RpcClient;
  return {
    env,
    now: () => NOW,
    db: () => Promise.reject(new Error('no database in this spec')),
    rpc: async () => fakeRpc,
    meta: () => ({ actor: { type: 'cli', id: 'spec' } }),
  };
}

const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const MASTER = { SIGNING_KEYS_MASTER_KEY: 'c'.repeat(16) + randomBytes(24).toString('hex') };

describe(signingKeysCheck.id, () => {
  const keys = (activatedDaysAgo: number, alg = 'RS256', kid = 'k-active') => ({
    items: [
      { kid, alg, status: 'active', activated_at: daysAgo(activatedDaysAgo) },
      { kid: 'k-next', alg, status: 'next', activated_at: null },
    ],
  });

  it('managed keys: passes within SIGNING_KEY_ROTATION_DAYS, fails beyond it, never printing the master key', async () => {
    const ok = await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(10) }, MASTER));
    expect(ok).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(
        /^active key k-active \(RS256\) signing for 10 d, within the 90-day policy; SIGNING_KEYS_MASTER_KEY from the env provider: 64 bytes/,
      ),
    });
    expect(JSON.stringify(ok)).not.toContain(MASTER.SIGNING_KEYS_MASTER_KEY);
    const old = await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(120) }, MASTER));
    expect(old).toMatchObject({ status: 'fail', fix: expect.stringContaining('tr4ction secrets rotate signing-key') });
    expect((await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(120) }, { ...MASTER, SIGNING_KEY_ROTATION_DAYS: '180' }))).status).toBe(
      'pass',
    );
  });

  it('fails when the environment and the stack disagree on the token mode', async () => {
    const out = await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(1, 'HS256') }, MASTER));
    expect(out).toMatchObject({ status: 'fail', detail: 'this environment says JWT_ALGORITHM=RS256, but the stack signs with HS256' });
  });

  it('HS256: the secret must be the stack’s, and its recorded rotation within policy (unknown age warns)', async () => {
    const secret = randomBytes(32).toString('hex');
    const env = { JWT_ALGORITHM: 'HS256', JWT_SECRET_KEY: secret };
    const kid = hmacKeyId(secret);
    const rotation = (d: number) => ({ items: [{ occurred_at: daysAgo(d), type: 'SecretRotated' }], next_cursor: null });
    expect((await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(0, 'HS256', 'someone-else') }, env))).detail).toMatch(
      /not the secret the stack signs with/,
    );
    expect((await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(0, 'HS256', kid), 'rpc.audit.query': rotation(5) }, env))).status).toBe(
      'pass',
    );
    expect((await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(0, 'HS256', kid), 'rpc.audit.query': rotation(91) }, env))).status).toBe(
      'fail',
    );
    expect(
      (await signingKeysCheck.run(fakeServices({ 'rpc.rotation.list-keys': keys(0, 'HS256', kid), 'rpc.audit.query': { items: [], next_cursor: null } }, env)))
        .status,
    ).toBe('warn');
  });
});

describe(rotationsDueCheck.id, () => {
  const account = (id: string, dueInDays: number, status = 'active') => ({
    id,
    client_id: `sa_${id}`,
    name: `svc ${id}`,
    status,
    rotation_due_at: daysAgo(-dueInDays),
  });
  const key = (rotatesInDays: number) => ({
    items: [{ kid: 'k1', alg: 'RS256', status: 'active', activated_at: daysAgo(1), rotates_at: daysAgo(-rotatesInDays) }],
  });

  it('passes when nothing is due, naming the next rotation', async () => {
    const out = await rotationsDueCheck.run(
      fakeServices({ 'rpc.rotation.list-service-accounts': { items: [account('a', 20), account('b', -3, 'revoked')] }, 'rpc.rotation.list-keys': key(80) }),
    );
    expect(out).toEqual({ status: 'pass', detail: 'nothing due (1 active service account(s); next: service account sa_a (svc a) on 2026-02-21)' });
  });

  it('fails on an overdue secret or key with the command that fixes each, and warns within the reminder window', async () => {
    const overdue = await rotationsDueCheck.run(
      fakeServices({ 'rpc.rotation.list-service-accounts': { items: [account('a', -2), account('b', 3)] }, 'rpc.rotation.list-keys': key(-1) }),
    );
    expect(overdue).toEqual({
      status: 'fail',
      detail: 'overdue: service account sa_a (svc a) since 2026-01-30, signing key k1 since 2026-01-31',
      fix: 'run `tr4ction secrets rotate service-account a`, `tr4ction secrets rotate signing-key` (docs/runbooks/monthly-rotation.md)',
    });
    const soon = await rotationsDueCheck.run(
      fakeServices({ 'rpc.rotation.list-service-accounts': { items: [account('b', 3)] }, 'rpc.rotation.list-keys': key(80) }),
    );
    expect(soon).toMatchObject({ status: 'warn', detail: 'due soon: service account sa_b (svc b) on 2026-02-04' });
  });
});

describe(corsOriginsCheck.id, () => {
  const snapshot = (cors: string[], byAdmin: boolean) => ({
    version: byAdmin ? 3 : 0,
    settings: {
      password_policy: 'seed',
      cors_origins: cors,
      access_token_ttl_seconds: 900,
      refresh_token_ttl_seconds: 604_800,
      session_idle_timeout_seconds: 604_800,
      session_max_lifetime_seconds: 2_592_000,
    },
    overrides: byAdmin ? { cors_origins: cors } : {},
    updated_at: byAdmin ? '2026-02-01T11:00:00.000Z' : null,
    updated_by: null,
  });

  it('judges the runtime setting the stack applies, over CORS_ORIGINS of the environment, asking user-service as the gateway does', async () => {
    const { ctx, sent } = fakeRpcContext(snapshot(['http://localhost:3000'], true), { CORS_ORIGINS: 'https://app.example.com' });
    const outcome = await corsOriginsCheck.run(ctx);
    expect(sent).toEqual([{ pattern: 'rpc.user.settings', data: {} }]);
    expect(outcome).toMatchObject({
      status: 'fail',
      detail: 'runtime setting cors_origins (set by an admin, last change 2026-02-01T11:00:00.000Z) has http://localhost:3000 (not https)',
    });
    expect(outcome.fix).toContain('PUT /admin/settings');
  });

  it('says when the runtime value is still the services’ environment default', async () => {
    const outcome = await corsOriginsCheck.run(fakeRpcContext(snapshot(['https://app.example.com'], false), { CORS_ORIGINS: '*' }).ctx);
    expect(outcome).toEqual({
      status: 'pass',
      detail: 'runtime setting cors_origins (the services’ CORS_ORIGINS; no admin has changed it): 1 https origin: https://app.example.com',
    });
  });

  it('fails on an empty runtime list', async () => {
    expect((await corsOriginsCheck.run(fakeRpcContext(snapshot([], true)).ctx)).status).toBe('fail');
  });

  it('falls back to CORS_ORIGINS of the environment when the stack does not answer, and says why', async () => {
    const ctx: DoctorContext = {
      env: { CORS_ORIGINS: 'https://*.example.com' },
      now: () => NOW,
      db: () => Promise.reject(new Error('no database')),
      rpc: () => Promise.reject(new Error('cannot reach NATS at nats://127.0.0.1:4222')),
      meta: () => ({ actor: { type: 'cli', id: 'spec' } }),
    };
    const outcome = await corsOriginsCheck.run(ctx);
    expect(outcome).toMatchObject({
      status: 'fail',
      detail: 'CORS_ORIGINS from the environment (the stack did not answer: cannot reach NATS at nats://127.0.0.1:4222) has https://*.example.com (a wildcard)',
    });
    expect(outcome.fix).toContain('CORS_ORIGINS');
  });
});
