import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createUser } from 'nkeys.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorContext } from './doctor-check';
import { configurationCheck } from './checks/configuration.check';
import { corsOriginsCheck, originProblem } from './checks/cors-origins.check';
import { debugModeCheck, environmentCheck } from './checks/environment.check';
import { httpsCheck, trustedProxyProblem } from './checks/https.check';
import { busSecurityCheck } from './checks/bus-security.check';
import { signingKeysCheck } from './checks/signing-keys.check';
import { runChecks } from './doctor-runner';

/** Environment-only checks: a context without database or bus (fakes that fail if touched). */
function ctx(env: NodeJS.ProcessEnv): DoctorContext {
  const none = () => Promise.reject(new Error('not used by this check'));
  return { env, now: () => new Date(), db: none, rpc: none, meta: () => ({ actor: { type: 'cli', id: 'spec' } }) };
}

describe('doctor environment checks', () => {
  it('environment and debug mode: fail on the development defaults, pass in production', async () => {
    expect((await environmentCheck.run(ctx({}))).status).toBe('fail');
    expect((await environmentCheck.run(ctx({ ENVIRONMENT: 'production' }))).status).toBe('pass');
    expect((await debugModeCheck.run(ctx({ DEBUG_MODE: 'yes' }))).status).toBe('fail');
    expect(await debugModeCheck.run(ctx({ ENVIRONMENT: 'production', DEBUG_MODE: 'true' }))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('DEBUG_MODE is on'),
    });
    expect((await debugModeCheck.run(ctx({ ENVIRONMENT: 'production', DEBUG_MODE: 'false' }))).status).toBe('pass');
    expect((await debugModeCheck.run(ctx({ DEBUG_MODE: 'maybe' }))).status).toBe('fail');
    expect((await debugModeCheck.run(ctx({}))).status).toBe('pass');
  });

  it('CORS: empty, wildcard, http, localhost and paths fail; exact https origins pass', async () => {
    expect((await corsOriginsCheck.run(ctx({}))).status).toBe('fail');
    expect((await corsOriginsCheck.run(ctx({ CORS_ORIGINS: '*' }))).status).toBe('fail');
    expect((await corsOriginsCheck.run(ctx({ CORS_ORIGINS: 'http://127.0.0.1:3000,http://localhost:3000' }))).detail).toContain('not https');
    expect(await corsOriginsCheck.run(ctx({ CORS_ORIGINS: 'https://app.tr4ction.ai, https://www.tr4ction.ai' }))).toEqual({
      status: 'pass',
      detail:
        'CORS_ORIGINS from the environment (the stack did not answer: not used by this check): 2 https origins: https://app.tr4ction.ai, https://www.tr4ction.ai',
    });
    expect(originProblem('https://*.tr4ction.ai')).toBe('a wildcard');
    expect(originProblem('https://localhost:3000')).toBe('a local address');
    expect(originProblem('https://app.tr4ction.ai/app')).toMatch(/bare origin/);
  });

  it('bus security: an anonymous or plaintext bus fails, naming the variable and never a value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-bus-'));
    try {
      const seed = join(dir, 'cli.nk');
      const seedValue = new TextDecoder().decode(createUser().getSeed());
      writeFileSync(seed, `${seedValue}\n`);
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
      expect(await busSecurityCheck.run(ctx({}))).toMatchObject({ status: 'fail', detail: expect.stringContaining('NATS_CREDS_FILE is not set') });
      const plaintext = await busSecurityCheck.run(ctx({ NATS_CREDS_FILE: seed, NATS_URL: 'nats://10.0.0.5:4222' }));
      expect(plaintext).toMatchObject({ status: 'fail', detail: expect.stringContaining('plaintext') });
      const notACredential = join(dir, 'wrong');
      writeFileSync(notACredential, 'user:password');
      const wrong = await busSecurityCheck.run(ctx({ NATS_CREDS_FILE: notACredential, NATS_TLS_CA_FILE: ca }));
      expect(wrong.detail).toContain('neither a .creds file nor a user nkey seed');
      expect(JSON.stringify(wrong)).not.toContain('user:password');
      // Nothing listens on port 1: configuration only, and it says the permissions were not probed.
      const ok = await busSecurityCheck.run(ctx({ NATS_CREDS_FILE: seed, NATS_TLS_CA_FILE: ca, NATS_URL: 'nats://127.0.0.1:1' }));
      expect(ok).toEqual({ status: 'pass', detail: 'credential file set, TLS configured; the bus did not answer, so permissions were not probed' });
      expect(JSON.stringify(ok)).not.toContain(seedValue);
      expect((await busSecurityCheck.run(ctx({ NATS_CREDS_FILE: seed, NATS_URL: 'tls://127.0.0.1:1' }))).status).toBe('pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000); // the passing cases load the NATS client (lazily, as the CLI does) and try port 1

  it('HTTPS: needs a trusted TLS-terminating proxy, never a catch-all', async () => {
    expect((await httpsCheck.run(ctx({}))).status).toBe('fail');
    expect((await httpsCheck.run(ctx({ TRUSTED_PROXIES: '0.0.0.0/0' }))).status).toBe('fail');
    expect((await httpsCheck.run(ctx({ TRUSTED_PROXIES: '10.0.0.0/8,192.0.2.10,2001:db8::/32' }))).status).toBe('pass');
    expect(trustedProxyProblem('::/0')).toBe('trusts every address');
    expect(trustedProxyProblem('proxy.internal')).toBe('not an address or CIDR');
  });

  it('signing secret or master key: missing, short and published values fail without being printed, before asking the stack', async () => {
    const missing = await signingKeysCheck.run(ctx({}));
    expect(missing).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('SIGNING_KEYS_MASTER_KEY'),
      fix: expect.stringContaining('tr4ction secrets generate --hex 32'),
    });
    const hmacMissing = await signingKeysCheck.run(ctx({ JWT_ALGORITHM: 'HS256' }));
    expect(hmacMissing).toMatchObject({ status: 'fail', detail: expect.stringContaining('JWT_SECRET_KEY') });
    const published = 'a7f3e5c9b2d1f8e4a6c3b9d2e5f8a1c4d7e9f0b2c4d6e8f9a1b3c5d7e9f0b2';
    const runbook = await signingKeysCheck.run(ctx({ JWT_ALGORITHM: 'HS256', JWT_SECRET_KEY: published }));
    expect(runbook.status).toBe('fail');
    expect(runbook.detail).toContain('known default');
    expect(JSON.stringify(runbook)).not.toContain(published);
    expect((await signingKeysCheck.run(ctx({ SIGNING_KEYS_MASTER_KEY: 'short-secret' }))).detail).toContain('shorter than 32 bytes'); // secrets-scan:allow
  });

  it('configuration: lists every bad key of every service, never a value', async () => {
    const outcome = await configurationCheck.run(ctx({ DEBUG_MODE: 'perhaps', PORT: 'eighty', DATABASE_URL: 'not a url with secret-pw' }));
    expect(outcome.status).toBe('fail');
    expect(outcome.detail).toMatch(/DEBUG_MODE.*PORT|PORT.*DEBUG_MODE/);
    expect(outcome.detail).not.toContain('secret-pw');
    expect((await configurationCheck.run(ctx({}))).status).toBe('pass');
  });
});

describe(runChecks.name, () => {
  it('turns a check that throws or hangs into a failed line and goes on', async () => {
    const reports = await runChecks(
      [
        { id: 'throws', title: 't', run: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) },
        { id: 'hangs', title: 'h', timeoutMs: 50, run: () => new Promise(() => undefined) },
        { id: 'fine', title: 'f', run: async () => ({ status: 'pass', detail: 'ok' }) },
      ],
      ctx({}),
    );
    expect(reports.map((r) => [r.id, r.status])).toEqual([
      ['throws', 'fail'],
      ['hangs', 'fail'],
      ['fine', 'pass'],
    ]);
    expect(reports[0].detail).toContain('ECONNREFUSED');
    expect(reports[1].detail).toContain('could not decide');
  });
});
