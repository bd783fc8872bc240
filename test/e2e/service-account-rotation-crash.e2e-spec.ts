/**
 * rotation-service SIGKILLed right after each of the four steps of a staged rotation commits
 * (TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP, refused in production): the next process resumes the
 * rotation where it stopped and finishes it, ending with one current version in the file store,
 * four recorded steps of that one version, one SecretRotated, and a secret the token endpoint takes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';

const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const STEPS = ['create', 'set', 'test', 'finish'] as const;
const FILE = 'crash-exporter';

interface Versions {
  current: string | null;
  pending: string | null;
}

describe('staged rotation resumed after rotation-service is SIGKILLed after each step (e2e)', () => {
  let stack: ServiceStack;
  let dir: string;
  let db: Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-sa-crash-'));
    stack = await ServiceStack.start({ env: { SECRETS_FILE_DIR: dir, ROTATION_CHECK_INTERVAL_MS: '500', RATE_LIMIT_AUTH_PER_IP: '100000' } });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes after a kill at create, set, test and finish, each time with one current version', async () => {
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const made = await apiClient(stack.baseUrl, token).POST('/admin/service-accounts', {
      body: { name: 'crash exporter', scopes: ['audit:read'], secret_ref: { provider: 'file', name: FILE } },
    });
    expect(made.response.status).toBe(201);
    if (!made.data) throw new Error('no service account');
    const account = made.data;
    const versions = async () => JSON.parse(await readFile(join(dir, `${FILE}.versions`), 'utf8')) as Versions;
    const events = async (type: string) =>
      (
        await db.query<{ data: Record<string, string> }>(
          `SELECT envelope->'data' AS data FROM rotation.outbox WHERE envelope->>'type' = $1 AND envelope->'subject'->>'id' = $2 ORDER BY position`,
          [type, account.id],
        )
      ).rows.map((r) => r.data);
    const grant = async () => {
      const secret = await readFile(join(dir, FILE), 'utf8');
      return (
        await apiClient(stack.baseUrl).POST('/auth/token', { body: { grant_type: 'client_credentials', client_id: account.client_id, client_secret: secret } })
      ).response.status;
    };

    for (const [i, step] of STEPS.entries()) {
      // Each pass is a period later, so the account is due again (30 days after the last rotation).
      const offset = String((i + 1) * 31 * DAY_MS + HOUR_MS);
      const before = await versions();
      await stack.stopService('rotation-service');
      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: offset, TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP: step });
      await waitFor(async () => !stack.isRunning('rotation-service'), {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `rotation-service to die after the ${step} step`,
      });
      const killed = await versions();
      if (step === 'finish') expect(killed).toMatchObject({ pending: null });
      else expect(killed.pending).not.toBeNull();
      expect((await events('SecretRotationStepCompleted')).at(-1)).toMatchObject({ step });

      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: offset });
      await waitFor(async () => (await events('SecretRotated')).length === i + 1, {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `the rotation killed after ${step} to finish`,
      });
      const after = await versions();
      expect(after.pending).toBeNull();
      expect(after.current).not.toBe(before.current);
      // The version the killed process was rotating in is the one that became current: resumed, not restarted.
      expect(after.current).toBe(step === 'finish' ? killed.current : killed.pending);
      const steps = (await events('SecretRotationStepCompleted')).filter((s) => s.version === after.current);
      expect(steps.map((s) => s.step)).toEqual([...STEPS]);
      expect((await events('SecretRotated')).at(-1)).toMatchObject({ what: 'service_account_secret', version: after.current });
      await waitFor(async () => (await grant()) === 200, { timeoutMs: 30_000, intervalMs: 200, what: 'the current secret to be accepted' });
    }
    expect(await events('SecretRotationFailed')).toEqual([]);
  }, 300_000);
});
