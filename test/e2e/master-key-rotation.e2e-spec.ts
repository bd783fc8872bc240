/**
 * Master-key rotation under traffic (issue 18), with the file secrets provider an operator edits:
 * the new SIGNING_KEYS_MASTER_KEY and the old one as SIGNING_KEYS_MASTER_KEY_PREVIOUS, then
 * `tr4ction secrets rotate master-key`, then the previous key removed. Refreshes and `/auth/me`
 * never fail meanwhile; after it, a new signing key (under the new master key) signs, and a
 * restarted auth-service signs with only the new master key in the store.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, ADMIN_EMAIL, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';
import { decodeJwt } from '../support/tokens';

const OPERATOR = 'alice';
const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';

/** Refreshes a session and reads /auth/me with each new token until stopped; counts every failure. */
class SessionTraffic {
  readonly failures: string[] = [];
  requests = 0;
  lastKid = '';
  private running = true;
  private readonly done: Promise<void>;

  constructor(baseUrl: string, refreshToken: string) {
    this.done = this.loop(baseUrl, refreshToken);
  }

  private async loop(baseUrl: string, refreshToken: string): Promise<void> {
    let refresh = refreshToken;
    while (this.running) {
      const renewed = await apiClient(baseUrl).POST('/auth/refresh', { body: { refresh_token: refresh } });
      this.requests += 1;
      if (renewed.response.status !== 200 || !renewed.data?.access_token || !renewed.data.refresh_token) {
        this.failures.push(`refresh ${renewed.response.status}`);
        continue;
      }
      refresh = renewed.data.refresh_token;
      this.lastKid = String(decodeJwt(renewed.data.access_token).header.kid);
      const me = await apiClient(baseUrl, renewed.data.access_token).GET('/auth/me');
      this.requests += 1;
      if (me.response.status !== 200) this.failures.push(`me ${me.response.status}`);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe('tr4ction secrets rotate master-key (e2e, file secrets provider, under traffic)', () => {
  let stack: ServiceStack;
  let dir: string;
  const oldMaster = randomBytes(32).toString('hex');
  const newMaster = randomBytes(32).toString('hex');
  const store = (name: string, value: string) => writeFile(join(dir, name), `${value}\n`, { mode: 0o600 });
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir }) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-master-key-'));
    await store('SIGNING_KEYS_MASTER_KEY', oldMaster);
    stack = await ServiceStack.start({
      env: {
        SECRETS_PROVIDER: 'file',
        SECRETS_FILE_DIR: dir,
        SIGNING_KEYS_MASTER_KEY: '',
        JWKS_CACHE_SECONDS: '2',
        ROTATION_CHECK_INTERVAL_MS: '500',
        RATE_LIMIT_AUTH_PER_IP: '100000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-encrypts the stored keys with no failed request, and new keys sign under the new master key', async () => {
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const originalKid = String(decodeJwt(token).header.kid);
    const session = await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const traffic = new SessionTraffic(stack.baseUrl, session.refresh_token ?? '');
    await waitFor(async () => traffic.requests >= 10, { timeoutMs: 20_000, intervalMs: 50, what: 'traffic to flow' });

    await store('SIGNING_KEYS_MASTER_KEY_PREVIOUS', oldMaster);
    await store('SIGNING_KEYS_MASTER_KEY', newMaster);
    const rotated = await cli(['--json', 'secrets', 'rotate', 'master-key']);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const outcome = rotated.json<{ ok: boolean; status: string; reencrypted: number; stored_keys: number; master_key_id: string; trace_id: string }>();
    expect(outcome).toMatchObject({ ok: true, status: 'rotated' });
    expect(outcome.reencrypted).toBeGreaterThanOrEqual(2);
    expect(outcome.reencrypted).toBe(outcome.stored_keys);

    await rm(join(dir, 'SIGNING_KEYS_MASTER_KEY_PREVIOUS'));
    expect((await cli(['--json', 'secrets', 'rotate', 'master-key'])).json()).toMatchObject({ status: 'unchanged', reencrypted: 0 });

    // The next signing key was re-encrypted too: once it signs, auth-service has opened it with the new master key.
    expect((await cli(['secrets', 'rotate', 'signing-key'])).code).toBe(0);
    await waitFor(async () => traffic.lastKid !== '' && traffic.lastKid !== originalKid, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'tokens signed with the next key',
    });
    const before = traffic.requests;
    await waitFor(async () => traffic.requests >= before + 10, { timeoutMs: 20_000, intervalMs: 50, what: 'more traffic on the new key' });
    await traffic.stop();
    expect(traffic.failures).toEqual([]);

    // A fresh auth-service, with only the new master key in the store, signs too.
    await stack.stopService('auth-service');
    stack.launch('auth-service');
    const fresh = await waitFor(
      async () => {
        const r = await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
        return r.status === 200 && r.access_token ? r.access_token : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'a login through the restarted auth-service' },
    );
    const freshAdmin = apiClient(stack.baseUrl, fresh);
    expect((await freshAdmin.GET('/auth/me')).response.status).toBe(200);

    const records = await waitFor(
      async () => {
        const r = await freshAdmin.GET('/audit/events', { params: { query: { trace_id: outcome.trace_id } } });
        return (r.data?.items ?? []).find((i) => i.type === 'SecretRotated');
      },
      { timeoutMs: 20_000, what: 'the master-key rotation in the audit log' },
    );
    expect(records).toMatchObject({
      actor: { type: 'cli', id: OPERATOR },
      data: { what: 'master_key', fingerprint: outcome.master_key_id, reencrypted: outcome.reencrypted },
    });

    const logs = stack.logs.join('\n');
    expect(logs).not.toContain(oldMaster);
    expect(logs).not.toContain(newMaster);
  });
});
