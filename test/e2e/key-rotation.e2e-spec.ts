/**
 * Signing-key rotation and service accounts, against the stack as real processes, checked by an
 * independent client (the `jose` library's remote JWKS verifier): a planned rotation is invisible
 * to token holders, rotation-service killed in the middle of a rotation comes back with exactly one
 * active key and a consistent JWKS, service-account secrets roll over with a grace window, and the
 * lifecycle moves on when the clock does (TR4CTION_CLOCK_OFFSET_MS on a relaunched process).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ApiSchema } from '@tr4ction/http-api';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { decodeJwt, joseVerify } from '../support/tokens';

const PASSWORD = 'Harbor-Quartz-2719!';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

type KeyView = ApiSchema<'SigningKey'>;

describe('key rotation and service accounts (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;
  let email: string;
  let firstToken: string;
  let firstKid: string;
  const pending: Array<Promise<unknown>> = [];
  const masterKey = randomBytes(32).toString('hex');
  /** Secrets this spec saw, for the canary at the end. */
  const secrets: string[] = [masterKey];

  const me = async (token: string) => (await apiClient(stack.baseUrl, token).GET('/auth/me')).response;
  const rotate = (token: string | undefined) => apiClient(stack.baseUrl, token).POST('/admin/keys/rotate');

  async function keys(): Promise<KeyView[]> {
    let res = await apiClient(stack.baseUrl, admin).GET('/admin/keys');
    if (res.response.status === 401) {
      // The admin's token was signed by a key the moved clock has since retired: sign in again.
      admin = await adminToken(stack.baseUrl);
      res = await apiClient(stack.baseUrl, admin).GET('/admin/keys');
    }
    expect(res.response.status).toBe(200);
    // Without as_of the answer is today's key list, not the point-in-time view.
    if (!res.data || 'as_of' in res.data) throw new Error('no key list');
    return res.data.items;
  }

  const withStatus = async (status: KeyView['status']): Promise<string[]> => (await keys()).filter((k) => k.status === status).map((k) => k.kid);

  async function jwksKids(): Promise<string[]> {
    const res = await apiClient(stack.baseUrl).GET('/.well-known/jwks.json');
    return (res.data?.keys ?? []).map((k) => k.kid).sort();
  }

  /** A login whose token is signed by `kid` (auth-service switches keys when it hears of a rotation). */
  async function tokenSignedBy(kid: string): Promise<string> {
    return waitFor(
      async () => {
        const res = await login(stack.baseUrl, email, PASSWORD);
        return res.access_token && decodeJwt(res.access_token).header.kid === kid ? res.access_token : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: `a token signed by ${kid}` },
    );
  }

  async function relaunchRotationService(env: Record<string, string> = {}, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await stack.stopService('rotation-service', signal);
    stack.launch('rotation-service', env);
    await stack.waitReady();
  }

  /**
   * The next key has been public for two JWKS cache periods (2 s here): the gateway reloads its key
   * set once per period even without an event, so by then its JWKS lists the key.
   */
  async function nextKeyPublishedLongEnough(): Promise<string> {
    return waitFor(
      async () => {
        const next = (await keys()).find((k) => k.status === 'next');
        return next && Date.now() - Date.parse(next.created_at ?? '') > 4500 ? next.kid : undefined;
      },
      { timeoutMs: 15_000, what: 'a next key public for two JWKS cache periods' },
    );
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { JWKS_CACHE_SECONDS: '2', ROTATION_CHECK_INTERVAL_MS: '500', SIGNING_KEYS_MASTER_KEY: masterKey } });
    admin = await adminToken(stack.baseUrl);
    email = `rotation-${Date.now()}@example.com`;
    expect((await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password: PASSWORD } })).response.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.allSettled(pending);
    await stack?.stop();
  });

  describe('planned rotation', () => {
    it('an independent jose client accepts a token from the running stack', async () => {
      const res = await login(stack.baseUrl, email, PASSWORD);
      firstToken = res.access_token ?? '';
      firstKid = String(decodeJwt(firstToken).header.kid);
      expect(await withStatus('active')).toEqual([firstKid]);

      const [verdict] = await joseVerify(stack.baseUrl, [firstToken]);
      expect(verdict).toMatchObject({ ok: true, kid: firstKid, scope: '' });
    });

    it('publishes the new key before it signs, keeps verifying the old key’s tokens, and jose accepts both', async () => {
      const nextKid = await nextKeyPublishedLongEnough();
      expect(await jwksKids()).toEqual([firstKid, nextKid].sort());

      const rotated = await rotate(admin);
      expect(rotated.response.status).toBe(200);
      expect(rotated.data).toMatchObject({ status: 'rotated', active_kid: nextKid, previous_kid: firstKid });

      const secondToken = await tokenSignedBy(nextKid);
      expect((await me(firstToken)).status).toBe(200);
      expect((await me(secondToken)).status).toBe(200);

      const verdicts = await joseVerify(stack.baseUrl, [firstToken, secondToken]);
      expect(verdicts).toEqual([expect.objectContaining({ ok: true, kid: firstKid }), expect.objectContaining({ ok: true, kid: nextKid })]);

      const list = await keys();
      expect(list.find((k) => k.kid === firstKid)).toMatchObject({ status: 'retiring', expires_at: expect.any(String) });
      expect(list.find((k) => k.kid === nextKid)).toMatchObject({ status: 'active', activated_at: expect.any(String) });
      const newNext = list.find((k) => k.status === 'next');
      expect(newNext).toBeDefined();
      await waitFor(async () => JSON.stringify(await jwksKids()) === JSON.stringify([firstKid, nextKid, newNext?.kid].sort()), {
        what: 'the JWKS with the retiring, active and next keys',
      });
    });

    it('answers 202 with the activation time when the next key is too new to sign yet', async () => {
      await rotate(admin); // may rotate now; the next key is then brand new
      const active = await withStatus('active');
      const res = await rotate(admin);
      if (res.response.status === 202) {
        expect(res.data?.status).toBe('scheduled');
        expect(Date.parse(res.data?.activates_at ?? '')).toBeGreaterThan(Date.now() - 1000);
        // The scheduler carries it out once the key has been public long enough.
        await waitFor(async () => (await withStatus('active'))[0] !== active[0], { timeoutMs: 15_000, what: 'the scheduled rotation' });
      } else {
        expect(res.response.status).toBe(200);
      }
      expect(await withStatus('active')).toHaveLength(1);
    });

    it('is for admins only', async () => {
      const user = await login(stack.baseUrl, email, PASSWORD);
      expect((await rotate(user.access_token)).response.status).toBe(403);
      expect((await apiClient(stack.baseUrl).GET('/admin/keys')).response.status).toBe(401);
    });
  });

  describe('rotation-service killed in the middle of a rotation', () => {
    it('comes back with exactly one active key and a consistent JWKS, and completes the rotation', async () => {
      await relaunchRotationService({ TR4CTION_FAULT_ROTATION_HOLD_MS: '60000' });
      const activeBefore = (await withStatus('active'))[0];
      const nextBefore = await nextKeyPublishedLongEnough();
      const logMark = stack.logs.length;

      pending.push(rotate(admin).catch(() => undefined));
      await waitFor(() => stack.logs.slice(logMark).some((l) => l.includes('holding the rotation transaction open')), {
        timeoutMs: 15_000,
        what: 'the rotation to be half done',
      });
      await stack.stopService('rotation-service', 'SIGKILL');

      stack.launch('rotation-service');
      await stack.waitReady();
      // The request survived the crash (it was committed before the rotation began): it completes now.
      const after = await waitFor(
        async () => {
          const list = await keys();
          expect(list.filter((k) => k.status === 'active')).toHaveLength(1);
          return list.find((k) => k.status === 'active')?.kid === nextBefore ? list : undefined;
        },
        { timeoutMs: 20_000, what: 'the interrupted rotation to complete' },
      );
      expect(after.find((k) => k.kid === activeBefore)?.status).toBe('retiring');
      const published = after
        .filter((k) => ['next', 'active', 'retiring'].includes(k.status))
        .map((k) => k.kid)
        .sort();
      await waitFor(async () => JSON.stringify(await jwksKids()) === JSON.stringify(published), { what: 'the JWKS to match the key table' });

      const token = await tokenSignedBy(nextBefore);
      expect((await me(token)).status).toBe(200);
      expect((await joseVerify(stack.baseUrl, [token]))[0]).toMatchObject({ ok: true, kid: nextBefore });
    });
  });

  describe('lifecycle with a moved clock', () => {
    it('retires keys once their last token has expired, reminds before a rotation is due, and rotates on schedule', async () => {
      const retiring = await withStatus('retiring');
      expect(retiring.length).toBeGreaterThan(0);

      // 17 minutes on: every token a retiring key signed has expired (15 min + 60 s of skew).
      await relaunchRotationService({ TR4CTION_CLOCK_OFFSET_MS: String(17 * MINUTE_MS) });
      await waitFor(async () => (await withStatus('retiring')).length === 0, { timeoutMs: 15_000, what: 'retiring keys to retire' });
      for (const kid of retiring) expect((await keys()).find((k) => k.kid === kid)?.status).toBe('retired');
      await waitFor(async () => (await jwksKids()).every((kid) => !retiring.includes(kid)), { what: 'retired keys to leave the JWKS' });
      expect((await me(firstToken)).status).toBe(401);

      // 84 days on: the active key is due in 6 days, inside the 7-day reminder window.
      const active = (await withStatus('active'))[0];
      const activatedAt = Date.parse((await keys()).find((k) => k.kid === active)?.activated_at ?? '');
      const logMark = stack.logs.length;
      await relaunchRotationService({ TR4CTION_CLOCK_OFFSET_MS: String(activatedAt + 84 * DAY_MS - Date.now()) });
      await waitFor(() => stack.logs.slice(logMark).some((l) => l.includes('signing key rotation due')), {
        timeoutMs: 15_000,
        what: 'the rotation reminder log line',
      });
      await waitFor(
        async () =>
          /tr4ction_rotations_due_total\{[^}]*what="signing_key"[^}]*\} [1-9]/.test(
            (await apiClient(stack.baseUrl, admin).GET('/metrics', { parseAs: 'text' })).data ?? '',
          ),
        { what: 'the rotation reminder metric' },
      );
      expect(await withStatus('active')).toEqual([active]);

      // 91 days on: the schedule rotates by itself.
      await relaunchRotationService({ TR4CTION_CLOCK_OFFSET_MS: String(activatedAt + 91 * DAY_MS - Date.now()) });
      const rotatedTo = await waitFor(
        async () => {
          const now = await withStatus('active');
          return now.length === 1 && now[0] !== active ? now[0] : undefined;
        },
        { timeoutMs: 15_000, what: 'the scheduled rotation' },
      );
      expect(await withStatus('retiring')).toEqual([active]);
      const token = await tokenSignedBy(rotatedTo);
      expect((await me(token)).status).toBe(200);
      expect((await joseVerify(stack.baseUrl, [token]))[0]).toMatchObject({ ok: true, kid: rotatedTo });

      await relaunchRotationService();
    });
  });
  describe('service accounts', () => {
    let account: ApiSchema<'CreatedServiceAccount'>;
    let saToken: string;

    const grant = (secret: string, scope?: string) =>
      apiClient(stack.baseUrl).POST('/auth/token', {
        body: { grant_type: 'client_credentials', client_id: account.client_id, client_secret: secret, ...(scope ? { scope } : {}) },
      });

    it('creates an account whose secret is shown once', async () => {
      admin = await adminToken(stack.baseUrl);
      const res = await apiClient(stack.baseUrl, admin).POST('/admin/service-accounts', {
        body: { name: 'nightly export', scopes: ['audit:read', 'keys:read'] },
      });
      expect(res.response.status).toBe(201);
      expect(res.response.headers.get('cache-control')).toBe('no-store');
      if (!res.data) throw new Error('no service account');
      account = res.data;
      secrets.push(account.client_secret);
      expect(account.client_secret).toMatch(/^sk_[A-Za-z0-9_-]{43,}$/);
      const list = await apiClient(stack.baseUrl, admin).GET('/admin/service-accounts');
      expect(list.response.status).toBe(200);
      expect(JSON.stringify(list.data)).toContain(account.client_id);
      expect(JSON.stringify(list.data)).not.toContain(account.client_secret);
    });

    it('client_credentials issues a scoped token that jose verifies', async () => {
      const res = await grant(account.client_secret);
      expect(res.response.status).toBe(200);
      expect(res.data).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'audit:read keys:read' });
      saToken = res.data?.access_token ?? '';
      expect(decodeJwt(saToken).payload).toMatchObject({ sub: account.id, client_id: account.client_id, roles: [], scope: 'audit:read keys:read' });
      expect((await joseVerify(stack.baseUrl, [saToken]))[0]).toMatchObject({ ok: true, sub: account.id });
      // Accepted by the gateway for what its scopes allow; a user's own routes are not for it.
      expect((await apiClient(stack.baseUrl, saToken).GET('/admin/keys')).response.status).toBe(200);
      expect((await me(saToken)).status).toBe(403);

      expect((await grant(account.client_secret, 'audit:read')).data?.scope).toBe('audit:read');
      expect((await grant(account.client_secret, 'admin')).error).toMatchObject({ status: 400, code: 'INVALID_SCOPE', error: 'invalid_scope' });
      const wrong = await grant(`sk_${'B'.repeat(43)}`);
      expect(wrong.response.status).toBe(401);
      expect(wrong.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it('rotation keeps the previous secret for the 24 h grace window and not beyond', async () => {
      const res = await apiClient(stack.baseUrl, admin).POST('/admin/service-accounts/{id}/rotate', { params: { path: { id: account.id } } });
      expect(res.response.status).toBe(200);
      if (!res.data) throw new Error('no rotated secret');
      const rotated = res.data;
      secrets.push(rotated.client_secret);
      const graceMs = Date.parse(rotated.previous_valid_until) - Date.now();
      expect(graceMs).toBeGreaterThan(24 * HOUR_MS - MINUTE_MS);
      expect(graceMs).toBeLessThanOrEqual(24 * HOUR_MS);
      expect((await grant(account.client_secret)).response.status).toBe(200);
      expect((await grant(rotated.client_secret)).response.status).toBe(200);

      await relaunchRotationService({ TR4CTION_CLOCK_OFFSET_MS: String(25 * HOUR_MS) });
      expect((await grant(account.client_secret)).response.status).toBe(401);
      expect((await grant(rotated.client_secret)).response.status).toBe(200);
      await relaunchRotationService();
      account.client_secret = rotated.client_secret;
    });

    it('revocation stops the secret and the tokens it obtained', async () => {
      const keysWith = async (token: string) => (await apiClient(stack.baseUrl, token).GET('/admin/keys')).response.status;
      expect(await keysWith(saToken)).toBe(200);
      expect((await apiClient(stack.baseUrl, admin).DELETE('/admin/service-accounts/{id}', { params: { path: { id: account.id } } })).response.status).toBe(
        204,
      );
      expect((await grant(account.client_secret)).response.status).toBe(401);
      await waitFor(async () => (await keysWith(saToken)) === 401, { timeoutMs: 5000, what: 'the service account token to be rejected' });
    });
  });

  it('never wrote a secret or key material into a log line, an event or the audit log', async () => {
    const logs = stack.logs.join('\n');
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const stored = (
        await db.query(
          `SELECT envelope::text AS t FROM rotation.event_store UNION ALL SELECT envelope::text FROM auth.outbox UNION ALL SELECT row_to_json(a)::text FROM audit.audit_log_v1 a`,
        )
      ).rows
        .map((r: { t: string }) => r.t)
        .join('\n');
      expect(stored).toContain('SecretRotated');
      for (const secret of secrets) {
        expect(logs).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
      for (const text of [logs, stored]) expect(text).not.toMatch(/PRIVATE KEY|encrypted_private_key|"d":"/);
    } finally {
      await db.end();
    }
  });
});
