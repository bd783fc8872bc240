/**
 * A planned rotation after an admin raised `access_token_ttl_seconds` at runtime: the retiring key
 * keeps verifying until the last token it signed under the raised lifetime has expired, not only
 * for the environment's ACCESS_TOKEN_TTL_SECONDS. Its own stack: the key-rotation suite moves
 * rotation-service's clock, and a process started after a recent settings change assumes the
 * upper bound for what it did not see, which would hold that suite's retirements back.
 * Waiting out a 2 h token is not an option, so the test reads the retiring key's computed
 * `expires_at` (GET /admin/keys) and checks the token still verifies right after the rotation.
 */
import type { ApiSchema } from '@tr4ction/http-api';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken, login } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { decodeJwt, joseVerify } from '../support/tokens';

const PASSWORD = 'Harbor-Quartz-2719!';
const ENV_TTL_SECONDS = 900;
const RAISED_TTL_SECONDS = 7200;
const TOLERANCE_MS = 60_000;

describe('key rotation after the access-token lifetime was raised at runtime (e2e)', () => {
  let stack: ServiceStack;
  let admin: ApiClient;
  const email = `runtime-ttl-${Date.now()}@example.com`;

  async function keys(): Promise<ApiSchema<'SigningKey'>[]> {
    const res = await admin.GET('/admin/keys');
    expect(res.response.status).toBe(200);
    // Without `as_of` the answer is today's list, never the as-of page.
    return res.data && !('as_of' in res.data) ? res.data.items : [];
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({
      env: { JWKS_CACHE_SECONDS: '2', ROTATION_CHECK_INTERVAL_MS: '500', ACCESS_TOKEN_TTL_SECONDS: String(ENV_TTL_SECONDS) },
    });
    admin = apiClient(stack.baseUrl, await adminToken(stack.baseUrl));
    expect((await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password: PASSWORD } })).response.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps the retiring key verifying until the last token it signed under the raised lifetime has expired', async () => {
    expect((await admin.PUT('/admin/settings', { body: { access_token_ttl_seconds: RAISED_TTL_SECONDS } })).response.status).toBe(200);
    // rotation-service follows the setting: the active key's planned end of verification moves out.
    await waitFor(
      async () => {
        const active = (await keys()).find((k) => k.status === 'active');
        return active && Date.parse(active.expires_at ?? '') - Date.parse(active.rotates_at ?? '') === RAISED_TTL_SECONDS * 1000 + TOLERANCE_MS;
      },
      { timeoutMs: 15_000, what: 'rotation-service to apply the raised access-token lifetime' },
    );
    const token = await waitFor(
      async () => {
        const t = (await login(stack.baseUrl, email, PASSWORD)).access_token;
        const claims = t ? decodeJwt(t).payload : undefined;
        return claims && Number(claims.exp) - Number(claims.iat) === RAISED_TTL_SECONDS ? t : undefined;
      },
      { timeoutMs: 15_000, what: 'a token issued with the raised lifetime' },
    );
    const kid = String(decodeJwt(token).header.kid);
    const tokenExpiresMs = Number(decodeJwt(token).payload.exp) * 1000;

    const nextKid = await waitFor(
      async () => {
        const next = (await keys()).find((k) => k.status === 'next');
        return next && Date.now() - Date.parse(next.created_at ?? '') > 2500 ? next.kid : undefined;
      },
      { timeoutMs: 10_000, what: 'a next key public for one JWKS cache period' },
    );
    const rotated = await admin.POST('/admin/keys/rotate');
    expect(rotated.data).toMatchObject({ status: 'rotated', previous_kid: kid, active_kid: nextKid });

    const retiring = (await keys()).find((k) => k.kid === kid);
    expect(retiring).toMatchObject({ status: 'retiring', retiring_at: expect.any(String) });
    const retiringAtMs = Date.parse(retiring?.retiring_at ?? '');
    const keyExpiresMs = Date.parse(retiring?.expires_at ?? '');
    // With the environment's lifetime alone the key would stop verifying ~1.7 h before this token expires.
    expect(retiringAtMs + ENV_TTL_SECONDS * 1000 + TOLERANCE_MS).toBeLessThan(tokenExpiresMs);
    expect(keyExpiresMs).toBe(retiringAtMs + RAISED_TTL_SECONDS * 1000 + TOLERANCE_MS);
    expect(keyExpiresMs).toBeGreaterThanOrEqual(tokenExpiresMs);

    // Right after the rotation the token still verifies, at the gateway and for an independent client.
    expect((await apiClient(stack.baseUrl, token).GET('/auth/me')).response.status).toBe(200);
    const [verdict] = await joseVerify(stack.baseUrl, [token]);
    expect(verdict).toMatchObject({ ok: true, kid });
  });
});
