/**
 * The master key and the audit checkpoint key rotated by rotation-service through the file store
 * (issue 18), on one stack:
 * - under traffic (logins and /auth/me in a loop): `tr4ction secrets rotate master-key --staged` and
 *   `tr4ction secrets rotate checkpoint-key`; no request fails, new checkpoints are signed with the
 *   new checkpoint key, `/audit/verify` and `tr4ction audit verify` stay ok across the change (old
 *   checkpoints verify under the old key's window), every service stays ready, `secrets status`
 *   lists both keys with their last result;
 * - rotation-service SIGKILLed right after each step of an unattended master-key rotation
 *   (TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP): the next process resumes and finishes it, with one
 *   current version in the store, the previous key retired and every stored key under the new one.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ed25519KeyFromSecret, ed25519KeyId, generateEd25519Secret } from '@tr4ction/audit-chain';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { deriveMasterKey, masterKeyId } from '@tr4ction/tokens';
import { adminToken, ADMIN_EMAIL, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

const OPERATOR = 'alice';
const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';
const DAY_MS = 24 * 60 * 60 * 1000;
const STEPS = ['create', 'set', 'test', 'finish'] as const;

/** Logs in and reads /auth/me in a loop until stopped; counts every failure. */
class LoginTraffic {
  readonly failures: string[] = [];
  requests = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(baseUrl: string) {
    this.done = this.loop(baseUrl);
  }

  private async loop(baseUrl: string): Promise<void> {
    while (this.running) {
      await this.once(baseUrl).catch((err: unknown) => this.failures.push(`error ${(err as Error).name}`));
    }
  }

  private async once(baseUrl: string): Promise<void> {
    const session = await login(baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    this.requests += 1;
    if (session.status !== 200 || !session.access_token) {
      this.failures.push(`login ${session.status}`);
      return;
    }
    const { response: me } = await apiClient(baseUrl, session.access_token).GET('/auth/me');
    this.requests += 1;
    if (me.status !== 200) this.failures.push(`me ${me.status}`);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe('master key and checkpoint key rotated through the file store (e2e)', () => {
  let stack: ServiceStack;
  let dir: string;
  let db: Client;
  /** Stops the traffic of a test that failed before it did. */
  let stopTraffic: () => Promise<void> = async () => undefined;
  const checkpointKey = generateEd25519Secret();
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir }) });
  /** What every service reads through the file provider (the operator's exact name, or the dashed one the store writes). */
  const stored = async (name: string, dashed: string) => (await readFile(join(dir, name), 'utf8').catch(() => readFile(join(dir, dashed), 'utf8'))).trim();
  const masterKey = () => stored('SIGNING_KEYS_MASTER_KEY', 'signing-keys-master-key');
  const previousMasterKey = () => stored('SIGNING_KEYS_MASTER_KEY_PREVIOUS', 'signing-keys-master-key-previous');
  const rotatedEvents = async (what: string) =>
    (
      await db.query<{ data: Record<string, unknown> }>(
        `SELECT envelope->'data' AS data FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotated' AND envelope->'data'->>'what' = $1 ORDER BY position`,
        [what],
      )
    ).rows.map((r) => r.data);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-key-rotation-'));
    await writeFile(join(dir, 'SIGNING_KEYS_MASTER_KEY'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    await writeFile(join(dir, 'AUDIT_CHECKPOINT_KEY'), `${checkpointKey}\n`, { mode: 0o600 });
    stack = await ServiceStack.start({
      env: {
        SECRETS_PROVIDER: 'file',
        SECRETS_FILE_DIR: dir,
        SIGNING_KEYS_MASTER_KEY: '',
        AUDIT_CHECKPOINT_KEY: '',
        AUDIT_CHECKPOINT_SECONDS: '1',
        AUDIT_CHECKPOINT_EVERY: '5',
        AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS: '1',
        // Unattended master-key rotations in the crash test come a day apart; the checkpoint key waits.
        SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS: '1',
        AUDIT_CHECKPOINT_KEY_ROTATION_DAYS: '3650',
        ROTATION_CHECK_INTERVAL_MS: '500',
        RATE_LIMIT_AUTH_PER_IP: '100000',
      },
    });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await stopTraffic();
    await db?.end();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates both keys under traffic with no failed request and an audit log that verifies across the change', async () => {
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const oldKeyId = ed25519KeyId(ed25519KeyFromSecret(checkpointKey));
    await waitFor(async () => (await db.query(`SELECT 1 FROM audit.audit_checkpoints_v1 WHERE key_id = $1`, [oldKeyId])).rowCount! > 0, {
      timeoutMs: 30_000,
      what: 'a checkpoint signed with the first key',
    });
    const traffic = new LoginTraffic(stack.baseUrl);
    stopTraffic = () => traffic.stop();
    await waitFor(async () => traffic.requests >= 10, { timeoutMs: 20_000, intervalMs: 50, what: 'traffic to flow' });

    const oldMaster = await masterKey();
    const master = await cli(['--json', 'secrets', 'rotate', 'master-key', '--staged']);
    expect(master.stderr).toBe('');
    expect(master.json()).toEqual(expect.objectContaining({ ok: true, status: 'rotated', what: 'master_key' }));
    const newMaster = await masterKey();
    expect(newMaster).not.toBe(oldMaster);
    expect(await previousMasterKey()).toBe(newMaster);
    const underNew = masterKeyId(deriveMasterKey(newMaster));
    expect((await db.query(`SELECT DISTINCT master_key_id FROM rotation.signing_key_material`)).rows).toEqual([{ master_key_id: underNew }]);

    const checkpoint = await cli(['--json', 'secrets', 'rotate', 'checkpoint-key']);
    expect(checkpoint.stderr).toBe('');
    expect(checkpoint.json()).toEqual(expect.objectContaining({ ok: true, status: 'rotated', what: 'checkpoint_key' }));
    const newKeyId = ed25519KeyId(ed25519KeyFromSecret(await stored('AUDIT_CHECKPOINT_KEY', 'audit-checkpoint-key')));
    expect(newKeyId).not.toBe(oldKeyId);
    await waitFor(async () => (await db.query(`SELECT 1 FROM audit.audit_checkpoints_v1 WHERE key_id = $1`, [newKeyId])).rowCount! > 0, {
      timeoutMs: 30_000,
      what: 'a checkpoint signed with the new key',
    });

    const before = traffic.requests;
    await waitFor(async () => traffic.requests >= before + 10, { timeoutMs: 20_000, intervalMs: 50, what: 'more traffic after both rotations' });
    await traffic.stop();
    expect(traffic.failures).toEqual([]);

    const verified = await apiClient(stack.baseUrl, token).GET('/audit/verify');
    expect(verified.response.status).toBe(200);
    expect(verified.data?.ok).toBe(true);
    const signers = await db.query<{ key_id: string }>(`SELECT DISTINCT key_id FROM audit.audit_checkpoints_v1`);
    expect(signers.rows.map((r) => r.key_id).sort()).toEqual([oldKeyId, newKeyId].sort());
    const cliVerify = await cli(['--json', 'audit', 'verify']);
    expect(cliVerify.code).toBe(0);
    expect(cliVerify.json()).toEqual(expect.objectContaining({ ok: true }));
    expect((await fetch(`${stack.baseUrl}/health/ready`)).status).toBe(200);

    const status = await cli(['--json', 'secrets', 'status']);
    const items = status.json<{ items: Array<{ credential: string; last_result: string; last_rotated_at: string | null; next_rotation_at: string | null }> }>()
      .items;
    for (const credential of ['master_key', 'checkpoint_key']) {
      expect(items.find((i) => i.credential === credential)).toMatchObject({
        last_result: 'ok',
        last_rotated_at: expect.any(String),
        next_rotation_at: expect.any(String),
      });
    }
    // Never the material: not in the rotation events, not in any log line.
    const everything = JSON.stringify(await rotatedEvents('master_key')) + JSON.stringify(await rotatedEvents('checkpoint_key')) + stack.logs.join('\n');
    for (const secret of [oldMaster, newMaster, checkpointKey]) expect(everything).not.toContain(secret);
  }, 240_000);

  it('resumes an unattended master-key rotation after rotation-service is SIGKILLed after each step', async () => {
    for (const [i, step] of STEPS.entries()) {
      const offset = String((i + 2) * 2 * DAY_MS);
      const rotatedBefore = (await rotatedEvents('master_key')).length;
      const keyBefore = await masterKey();
      await stack.stopService('rotation-service');
      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: offset, TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP: step });
      await waitFor(async () => !stack.isRunning('rotation-service'), {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `rotation-service to die after the ${step} step`,
      });

      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: offset });
      await waitFor(async () => (await rotatedEvents('master_key')).length === rotatedBefore + 1 && (await previousMasterKey()) === (await masterKey()), {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `the master-key rotation killed after ${step} to finish and retire the old key`,
      });
      const current = await masterKey();
      expect(current).not.toBe(keyBefore);
      const versions = JSON.parse(await stored('SIGNING_KEYS_MASTER_KEY.versions', 'signing-keys-master-key.versions')) as {
        current: string;
        pending: string | null;
      };
      expect(versions.pending).toBeNull();
      expect((await rotatedEvents('master_key')).at(-1)).toMatchObject({ version: versions.current, fingerprint: masterKeyId(deriveMasterKey(current)) });
      expect((await db.query(`SELECT DISTINCT master_key_id FROM rotation.signing_key_material`)).rows).toEqual([
        { master_key_id: masterKeyId(deriveMasterKey(current)) },
      ]);
      const session = await waitFor(
        async () => {
          const r = await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
          return r.status === 200 && r.access_token ? r.access_token : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, what: 'a login after the rotation' },
      );
      expect((await apiClient(stack.baseUrl, session).GET('/auth/me')).response.status).toBe(200);
    }
    const failed = await db.query(
      `SELECT 1 FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotationFailed' AND envelope->'data'->>'what' = 'master_key'`,
    );
    expect(failed.rowCount).toBe(0);
  }, 400_000);
});
