/**
 * Access tokens, refresh tokens and revocation, against the stack as real processes with two
 * gateway replicas: the token shape, every hostile token refused with 401 and no outbound request,
 * refresh rotation with reuse detection and the concurrent refresh, logout, per-user revocation,
 * revoke-all reaching the other replica within a second, and revocations surviving a gateway restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { GRANTABLE_SCOPES } from '@tr4ction/contracts';
import { attackerKey, decodeJwt, forgeJwt, hs256With, pemOfJwk, rs256With } from '../support/tokens';

const PASSWORD = 'Copper-Lantern-5831!';

describe('tokens and revocation (e2e)', () => {
  let stack: ServiceStack;
  let replicaUrl: string;
  let admin: string;
  let trap: Server;
  let trapUrl: string;
  const trapped: string[] = [];
  /** Every token this spec saw, for the log canary at the end. */
  const seen: string[] = [];

  const me = async (token: string, base = stack.baseUrl) => (await apiClient(base, token).GET('/auth/me')).response;
  const refresh = (refresh_token: string, base = stack.baseUrl) => apiClient(base).POST('/auth/refresh', { body: { refresh_token } });

  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `tok-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const res = await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password: PASSWORD } });
    expect(res.response.status).toBe(201);
    return { id: res.data?.id ?? '', email };
  }

  async function session(email: string): Promise<{ access_token: string; refresh_token: string }> {
    const res = await login(stack.baseUrl, email, PASSWORD);
    expect(res.status).toBe(200);
    seen.push(res.access_token ?? '', res.refresh_token ?? '');
    return { access_token: res.access_token ?? '', refresh_token: res.refresh_token ?? '' };
  }

  /** Waits until a replica answers `status` for the token; returns how long that took. */
  async function until(base: string, token: string, status: number, timeoutMs = 5000): Promise<number> {
    const started = Date.now();
    await waitFor(async () => (await me(token, base)).status === status, { timeoutMs, intervalMs: 20, what: `${base} to answer ${status}` });
    return Date.now() - started;
  }

  beforeAll(async () => {
    trap = createServer((req, res) => {
      trapped.push(`${req.method} ${req.url}`);
      res.end('{"keys":[]}');
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;

    stack = await ServiceStack.start();
    const port = await freePort();
    stack.launchReplica('api-gateway-2', 'api-gateway', { PORT: String(port) });
    replicaUrl = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${replicaUrl}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      what: 'the second gateway replica',
    });
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => trap?.close(r));
  });

  describe('access tokens', () => {
    it('are RS256 at+jwt with a published kid, the registered claims and a 15-minute lifetime', async () => {
      const { header, payload } = decodeJwt(admin);
      expect(header).toEqual({ alg: 'RS256', kid: expect.any(String), typ: 'at+jwt' });
      expect(payload).toEqual({
        iss: stack.baseUrl,
        aud: 'tr4ction-api',
        sub: expect.any(String),
        iat: expect.any(Number),
        nbf: expect.any(Number),
        exp: expect.any(Number),
        jti: expect.any(String),
        roles: ['admin'],
        scope: GRANTABLE_SCOPES.join(' '),
        // The session (refresh family) and its sign-in time.
        sid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        auth_time: expect.any(Number),
      });
      expect(payload.auth_time as number).toBeLessThanOrEqual(payload.iat as number);
      expect((payload.exp as number) - (payload.iat as number)).toBe(900);

      const jwks = await apiClient(stack.baseUrl).GET('/.well-known/jwks.json');
      expect(jwks.response.status).toBe(200);
      expect(jwks.response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(jwks.data?.keys.map((k) => k.kid)).toContain(header.kid);
      for (const key of jwks.data?.keys ?? []) {
        expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', n: expect.any(String), e: 'AQAB' });
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member);
      }
    });

    it('verify at every replica, with no round trip per request', async () => {
      expect((await me(admin)).status).toBe(200);
      expect((await me(admin, replicaUrl)).status).toBe(200);
    });
  });

  describe('hostile tokens are refused with 401 and nothing is fetched', () => {
    let realKid: string;
    let realJwk: Record<string, unknown>;
    let claims: Record<string, unknown>;
    const attacker = attackerKey();
    const attackerKid = 'attacker-key-1';

    beforeAll(async () => {
      const jwks = await apiClient(stack.baseUrl).GET('/.well-known/jwks.json');
      realKid = String(decodeJwt(admin).header.kid);
      realJwk = jwks.data?.keys.find((k) => k.kid === realKid) ?? {};
      const now = Math.floor(Date.now() / 1000);
      // The claims of a real admin token, so only the header or signature is at fault.
      claims = { ...decodeJwt(admin).payload, iat: now, nbf: now, exp: now + 600 };
    });

    const cases: Array<[string, () => string]> = [
      ['alg none', () => forgeJwt({ alg: 'none', typ: 'at+jwt', kid: realKid }, claims)],
      ['alg NoNe', () => forgeJwt({ alg: 'NoNe', typ: 'at+jwt', kid: realKid }, claims)],
      [
        'HS256 signed with the RS256 public key (algorithm confusion)',
        () => forgeJwt({ alg: 'HS256', typ: 'at+jwt', kid: realKid }, claims, hs256With(pemOfJwk(realJwk))),
      ],
      [
        'HS256 signed with the raw modulus',
        () => forgeJwt({ alg: 'HS256', typ: 'at+jwt', kid: realKid }, claims, hs256With(Buffer.from(String(realJwk.n), 'base64url'))),
      ],
      [
        'embedded jwk with the attacker key',
        () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: attackerKid, jwk: attacker.publicJwk }, claims, rs256With(attacker.privateKey)),
      ],
      [
        'embedded jwk under the real kid',
        () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: realKid, jwk: attacker.publicJwk }, claims, rs256With(attacker.privateKey)),
      ],
      ['foreign jku', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: attackerKid, jku: `${trapUrl}/jwks.json` }, claims, rs256With(attacker.privateKey))],
      [
        'foreign jku under the real kid',
        () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: realKid, jku: `${trapUrl}/jwks.json` }, claims, rs256With(attacker.privateKey)),
      ],
      ['foreign x5u', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: attackerKid, x5u: `${trapUrl}/cert.pem` }, claims, rs256With(attacker.privateKey))],
      ['injected kid: path traversal', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: '../../../../dev/null' }, claims, rs256With(attacker.privateKey))],
      ['injected kid: SQL', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: "x' OR '1'='1" }, claims, rs256With(attacker.privateKey))],
      ['injected kid: URL', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: `${trapUrl}/key` }, claims, rs256With(attacker.privateKey))],
      ['unknown kid', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: attackerKid }, claims, rs256With(attacker.privateKey))],
      ['the real kid, signed by another key', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: realKid }, claims, rs256With(attacker.privateKey))],
      [
        'a real token with its roles edited',
        () => {
          const [h, , sig] = admin.split('.');
          return `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(admin).payload, roles: ['admin', 'auditor'] })).toString('base64url')}.${sig}`;
        },
      ],
      ['a real token without its signature', () => admin.split('.').slice(0, 2).join('.') + '.'],
      ['typ JWT instead of at+jwt', () => forgeJwt({ alg: 'RS256', typ: 'JWT', kid: realKid }, claims, rs256With(attacker.privateKey))],
      ['crit header', () => forgeJwt({ alg: 'RS256', typ: 'at+jwt', kid: realKid, crit: ['exp'] }, claims, rs256With(attacker.privateKey))],
    ];

    it.each(cases)('%s', async (_name, make) => {
      for (const base of [stack.baseUrl, replicaUrl]) {
        // A forged Authorization header, sent raw so the exact body is judged.
        const res = await http(base, 'GET', '/auth/me', { token: make() });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ code: 'INVALID_TOKEN', status: 401 });
        expect(res.text).not.toMatch(/at \w+ \(|PRIVATE|jsonwebtoken/);
      }
    });

    it('made no outbound request for any jku, x5u or URL-shaped kid', () => {
      expect(trapped).toEqual([]);
    });
  });

  describe('refresh', () => {
    it('returns a new pair; the spent token is refused as reuse and its whole family is revoked', async () => {
      const user = await newUser();
      const first = await session(user.email);

      const refreshed = await refresh(first.refresh_token);
      expect(refreshed.response.status).toBe(200);
      expect(refreshed.response.headers.get('cache-control')).toBe('no-store');
      expect(refreshed.data).toMatchObject({
        token_type: 'Bearer',
        expires_in: 900,
        access_token: expect.any(String),
        refresh_token: expect.stringMatching(/^rt_/),
      });
      const pair = { access_token: refreshed.data?.access_token ?? '', refresh_token: refreshed.data?.refresh_token ?? '' };
      expect((await me(pair.access_token)).status).toBe(200);

      const reused = await refresh(first.refresh_token);
      expect(reused.response.status).toBe(401);
      expect(reused.error).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });

      const successor = await refresh(pair.refresh_token);
      expect(successor.response.status).toBe(401);
      // The access tokens the family produced are denied too, at both replicas.
      await until(stack.baseUrl, pair.access_token, 401);
      await until(replicaUrl, pair.access_token, 401, 1000);
      await until(replicaUrl, first.access_token, 401, 1000);
    });

    it('two concurrent refreshes with one token: exactly one succeeds', async () => {
      const user = await newUser();
      const { refresh_token } = await session(user.email);

      const results = await Promise.all([refresh(refresh_token), refresh(refresh_token, replicaUrl)]);

      expect(results.map((r) => r.response.status).sort()).toEqual([200, 401]);
      expect(results.find((r) => r.response.status === 401)?.error).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    });

    it('refuses garbage with 400 and unknown tokens with 401', async () => {
      expect((await refresh('eyJhbGciOi.x.y')).response.status).toBe(400);
      const unknown = await refresh(`rt_${'A'.repeat(43)}`);
      expect(unknown.response.status).toBe(401);
      expect(unknown.error).toMatchObject({ code: 'INVALID_TOKEN' });
    });
  });

  describe('logout', () => {
    it('revokes the access token at every replica and ends the refresh session', async () => {
      const user = await newUser();
      const s = await session(user.email);
      const other = await session(user.email);

      const res = await apiClient(stack.baseUrl, s.access_token).POST('/auth/logout', { body: { refresh_token: s.refresh_token } });
      expect(res.response.status).toBe(204);

      expect((await me(s.access_token)).status).toBe(401);
      expect(await until(replicaUrl, s.access_token, 401, 1000)).toBeLessThan(1000);
      expect((await refresh(s.refresh_token)).response.status).toBe(401);
      // Another session of the same user is untouched.
      expect((await me(other.access_token)).status).toBe(200);
      // And the logged-out token cannot log out again.
      expect((await apiClient(stack.baseUrl, s.access_token).POST('/auth/logout', { body: {} })).response.status).toBe(401);
    });
  });

  describe('per-user revocation', () => {
    it('rejects every token of that user, and only of that user; a new login works', async () => {
      const victim = await newUser();
      const bystander = await newUser();
      const a = await session(victim.email);
      const b = await session(victim.email);
      const c = await session(bystander.email);

      const res = await apiClient(stack.baseUrl, admin).POST('/admin/users/{id}/revoke-tokens', { params: { path: { id: victim.id } } });
      expect(res.response.status).toBe(204);

      for (const token of [a.access_token, b.access_token]) {
        expect((await me(token)).status).toBe(401);
        await until(replicaUrl, token, 401, 1000);
      }
      for (const refresh_token of [a.refresh_token, b.refresh_token]) {
        expect((await refresh(refresh_token)).response.status).toBe(401);
      }
      expect((await me(c.access_token)).status).toBe(200);
      const again = await session(victim.email);
      expect((await me(again.access_token)).status).toBe(200);
      expect((await me(again.access_token, replicaUrl)).status).toBe(200);
    });

    it('is for admins only', async () => {
      const user = await newUser();
      const s = await session(user.email);
      const res = await apiClient(stack.baseUrl, s.access_token).POST('/admin/users/{id}/revoke-tokens', { params: { path: { id: user.id } } });
      expect(res.response.status).toBe(403);
    });
  });

  describe('revoke-all (emergency)', () => {
    let before: Array<{ access_token: string; refresh_token: string }>;
    let loggedOut: string;
    let propagationMs: number;

    beforeAll(async () => {
      const users = await Promise.all([newUser(), newUser()]);
      before = [...(await Promise.all(users.map((u) => session(u.email))))];
      const s = await session(users[0].email);
      await apiClient(stack.baseUrl, s.access_token).POST('/auth/logout', { body: {} });
      loggedOut = s.access_token;
      for (const t of [...before.map((x) => x.access_token), admin]) expect((await me(t, replicaUrl)).status).toBe(200);

      const res = await apiClient(stack.baseUrl, admin).POST('/admin/tokens/revoke-all', { body: { reason: 'incident drill' } });
      expect(res.response.status).toBe(200);
      propagationMs = await until(replicaUrl, before[0].access_token, 401, 5000);
    });

    it('reaches the other gateway replica within a second', () => {
      process.stdout.write(`revoke-all seen by the other gateway replica after ${propagationMs} ms\n`);
      expect(propagationMs).toBeLessThan(1000);
    });

    it('rejects every earlier access and refresh token, the admin’s own included', async () => {
      for (const base of [stack.baseUrl, replicaUrl]) {
        for (const token of [...before.map((x) => x.access_token), admin]) expect((await me(token, base)).status).toBe(401);
      }
      for (const { refresh_token } of before) {
        const res = await refresh(refresh_token);
        expect(res.response.status).toBe(401);
      }
    });

    it('lets new logins work at once, at every replica', async () => {
      admin = await adminToken(stack.baseUrl);
      expect((await me(admin)).status).toBe(200);
      expect((await me(admin, replicaUrl)).status).toBe(200);
      const res = await apiClient(stack.baseUrl, admin).GET('/admin/keys');
      expect(res.response.status).toBe(200);
    });

    it('survives a gateway restart: revocations are reloaded from auth-service', async () => {
      await stack.stopService('api-gateway');
      stack.launch('api-gateway');
      await stack.waitReady();
      for (const token of [...before.map((x) => x.access_token), loggedOut]) expect((await me(token)).status).toBe(401);
      expect((await me(admin)).status).toBe(200);
    });
  });

  it('never wrote a token into any log line of any service', () => {
    seen.push(admin);
    const logs = stack.logs.join('\n');
    for (const token of seen.filter(Boolean)) {
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(token.split('.').pop() ?? token);
    }
    expect(logs).not.toMatch(/PRIVATE KEY|encrypted_private_key/);
  });
});
