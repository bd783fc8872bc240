/**
 * Unattended service-account rotation through the file store (issue 18), whole stack: an account
 * created with `secret_ref` gets its secret written to `<SECRETS_FILE_DIR>/<name>`; a client that
 * re-reads that file before every token request keeps getting tokens while rotation-service,
 * restarted with its clock 30 days ahead, rotates the secret by itself; the old secret still works
 * through the overlap and is refused after it. Also `tr4ction secrets status` and
 * `tr4ction secrets rotate service-account` for such an account.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import type { CredentialStatus } from '@tr4ction/contracts';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

const OPERATOR = 'alice';
const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const FILE = 'e2e-exporter';

/** A client as the runbook tells them to be: it reads its secret from the store before each request. */
class StoreReadingClient {
  readonly statuses = new Map<number, number>();
  requests = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(baseUrl: string, clientId: string, path: string) {
    this.done = this.loop(baseUrl, clientId, path);
  }

  private async loop(baseUrl: string, clientId: string, path: string): Promise<void> {
    while (this.running) {
      const secret = (await readFile(path, 'utf8')).replace(/\n$/, '');
      const { response } = await apiClient(baseUrl).POST('/auth/token', {
        body: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
      });
      this.requests += 1;
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe('service-account secret rotated in its file store (e2e)', () => {
  let stack: ServiceStack;
  let dir: string;
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, {}) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-sa-store-'));
    stack = await ServiceStack.start({ env: { SECRETS_FILE_DIR: dir, ROTATION_CHECK_INTERVAL_MS: '500', RATE_LIMIT_AUTH_PER_IP: '100000' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates at day 30 by itself with no 401 for a client re-reading the file; the old secret stops after the overlap', async () => {
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const created = await apiClient(stack.baseUrl, token).POST('/admin/service-accounts', {
      body: { name: 'e2e exporter', scopes: ['audit:read'], secret_ref: { provider: 'file', name: FILE } },
    });
    expect(created.response.status).toBe(201);
    if (!created.data) throw new Error('no service account');
    const made = created.data;
    expect(made.secret_ref).toEqual({ provider: 'file', name: FILE });
    const path = join(dir, FILE);
    const original = made.client_secret;
    expect(await readFile(path, 'utf8')).toBe(original);

    // A store outside the document's enum, on purpose: the typed body would not allow it.
    const refused = await http(stack.baseUrl, 'POST', '/admin/service-accounts', {
      token,
      body: { name: 'bad', scopes: ['audit:read'], secret_ref: { provider: 'env', name: 'x' } },
    });
    expect(refused.status).toBe(400);

    const grant = (secret: string) =>
      apiClient(stack.baseUrl)
        .POST('/auth/token', { body: { grant_type: 'client_credentials', client_id: made.client_id, client_secret: secret } })
        .then((r) => r.response);
    const client = new StoreReadingClient(stack.baseUrl, made.client_id, path);
    let rotated: string;
    try {
      await waitFor(() => client.requests >= 10, { timeoutMs: 20_000, intervalMs: 50, what: 'client requests before the rotation' });
      // Day 30: rotation-service restarted with its clock 30 days and an hour ahead rotates by itself.
      await stack.stopService('rotation-service');
      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: String(30 * DAY_MS + HOUR_MS) });
      await waitFor(async () => (await readFile(path, 'utf8')) !== original, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: 'the secret file to change at day 30',
      });
      rotated = await readFile(path, 'utf8');
      const after = client.requests;
      await waitFor(() => client.requests >= after + 10, { timeoutMs: 20_000, intervalMs: 50, what: 'client requests after the rotation' });
    } finally {
      await client.stop();
    }
    // 401 is the answer to a wrong secret; the restart may answer others while the service is away.
    expect(client.statuses.get(401) ?? 0).toBe(0);
    expect(client.statuses.get(200)).toBeGreaterThan(0);
    expect(await readFile(`${path}.previous`, 'utf8')).toBe(original);
    expect((await grant(original)).status).toBe(200);
    expect((await grant(rotated)).status).toBe(200);

    const status = await cli(['--json', 'secrets', 'status']);
    expect(status.code).toBe(0);
    const rows = status.json<{ ok: boolean; items: CredentialStatus[] }>().items;
    expect(rows.find((r) => r.credential === 'service_account_secret' && r.id === made.client_id)).toMatchObject({
      store: 'file',
      name: FILE,
      last_result: 'ok',
    });
    expect(rows.map((r) => r.credential)).toEqual(expect.arrayContaining(['signing_key', 'master_key', 'checkpoint_key', 'db_password']));
    expect(status.stdout).not.toContain(rotated);

    // The operator rotates it again now: through the same steps, the file changes, nothing is printed.
    const again = await cli(['--json', 'secrets', 'rotate', 'service-account', made.client_id]);
    expect(again.code).toBe(0);
    expect(again.json<{ status: string; store: string }>()).toMatchObject({ status: 'rotated', store: 'file' });
    const third = await readFile(path, 'utf8');
    expect(third).not.toBe(rotated);
    expect(again.stdout).not.toContain(third);
    expect((await grant(third)).status).toBe(200);

    // Past the overlap (SERVICE_ACCOUNT_GRACE_HOURS, 24 h): the first secret is refused, the current one works.
    await stack.stopService('rotation-service');
    stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: String(30 * DAY_MS + HOUR_MS + 25 * HOUR_MS) });
    await waitFor(async () => (await grant(third)).status === 200, { timeoutMs: 60_000, intervalMs: 200, what: 'rotation-service back' });
    expect((await grant(original)).status).toBe(401);
  }, 240_000);
});
