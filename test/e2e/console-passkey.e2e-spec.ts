/**
 * Passkeys in a real browser (Debian's chromium via playwright-core) against the whole stack, with
 * Chromium's virtual authenticator (DevTools protocol `WebAuthn.addVirtualAuthenticator`: ctap2,
 * internal transport, resident keys, user verification): nothing of the WebAuthn library is mocked.
 * The admin opens the console at http://localhost (browsers refuse an IP address as relying-party
 * id; the stack's default WEBAUTHN_RP_ID for a loopback ISSUER_URL is `localhost`), sees the TOTP
 * key as a QR code, registers a named passkey (recovery codes come with this first factor), signs
 * in with it, is refused when the authenticator's sign counter goes back (its credential re-added
 * with a lower count), and removes it. Over HTTP, with the browser's own assertion: a malformed response is
 * a 400 problem, a replayed assertion a 401 that counts towards the lockout, a replayed
 * registration a 400. The canary: the challenges, the credential id and the public key appear in
 * no log line, error body, exported span or table other than the factor's own row.
 * axe at 1280 and 390 px; CONSOLE_SCREENSHOTS=1 writes docs/console/mfa-totp-qr-*.png,
 * mfa-passkeys-*.png and mfa-challenge-passkey-*.png.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { ApiSchema, operations } from '@tr4ction/http-api';
import { http, OtlpReceiver, ServiceStack, waitFor } from '@tr4ction/testing';
import { ADMIN_EMAIL, adminToken } from '../support/accounts';
import { apiClient, canaryApiClient } from '../support/api-client';
import { checkPage, heading, openBrowser, textMatches, type AxeFinding, type TestBrowser } from '../support/browser';
import { Db } from '../support/identity';

const ADMIN_PASSWORD = 'Amber-Meadow-Kite-64!';

/** What the browser posts: an assertion to /auth/mfa/challenge, a registration to /auth/mfa/webauthn. */
type ChallengeBody = operations['auth.mfa.challenge']['requestBody']['content']['application/json'];
type RegistrationBody = operations['auth.mfa.webauthn.create']['requestBody']['content']['application/json'];

/** An answer in one shape for `problem` below, from the typed client or the raw helper. */
interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}
const answer = ({ response, error }: { response: Response; error?: unknown }): Answer => ({ status: response.status, headers: response.headers, body: error });

describe('console passkeys (e2e, chromium virtual authenticator)', () => {
  let receiver: OtlpReceiver;
  let stack: ServiceStack;
  let db: Db;
  let browser: TestBrowser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = '';
  /** The admin's API session from before the passkey (full scope, fresh), for audit reads and setup. */
  let adminApi = '';
  let adminId = '';
  let consoleUrl = '';
  let recoveryCodes: string[] = [];
  /** Captured from the browser's own requests and responses. */
  let registrationBody: RegistrationBody | undefined;
  let assertion: ChallengeBody | undefined;
  /** The stored COSE public key (base64url), read while the passkey exists. */
  let publicKey = '';
  /** Every WebAuthn value that must stay out of logs, events, spans and error bodies. */
  const challenges: string[] = [];
  const errorBodies: string[] = [];
  const axe: AxeFinding[] = [];
  const pageErrors: string[] = [];

  /** The typed client as the holder of `token`; every error body it sees goes to the canary. */
  const api = canaryApiClient(() => stack.baseUrl, errorBodies);

  /** For bodies the document refuses, sent raw on purpose; their error bodies go to the canary too. */
  async function raw(path: string, body: unknown): Promise<Answer> {
    const res = await http(stack.baseUrl, 'POST', path, { body });
    if (res.status >= 400) errorBodies.push(res.text);
    return res;
  }

  async function auditRecords(type: string, count: number): Promise<Array<ApiSchema<'AuditRecord'>>> {
    return waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, adminApi).GET('/audit/events', { params: { query: { subject_id: adminId, type } } });
        return res.data && res.data.items.length >= count ? res.data.items : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `${count} ${type} in the audit log` },
    );
  }

  async function signInWithPassword(): Promise<void> {
    await page.goto(`${consoleUrl}/console/`);
    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function passwordStep(): Promise<string> {
    const res = await api().POST('/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.response.status).toBe(200);
    if (!res.data || !('mfa_token' in res.data)) throw new Error('no MFA challenge');
    return res.data.mfa_token;
  }

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await ServiceStack.start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
    });
    consoleUrl = `http://localhost:${stack.port}`;
    db = await Db.connect(stack.databaseUrl);
    adminApi = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    adminId = (await apiClient(stack.baseUrl, adminApi).GET('/auth/me')).data?.id ?? '';
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (err) => pageErrors.push(err.message));
    cdp = await browser.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const added = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    authenticatorId = added.authenticatorId;
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.stop();
    await receiver?.stop();
  });

  it('shows the TOTP key as a QR code, and registers a named passkey whose first enrolment brings recovery codes', async () => {
    await signInWithPassword();
    await heading(page, 'Users');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Second factor', exact: true }).click();
    await heading(page, 'Second factor');

    // The authenticator-app enrolment shows its otpauth:// URI as a QR code beside the key.
    await page.getByLabel('Current password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Show the key' }).click();
    const qr = page.getByRole('img', { name: 'QR code of the authenticator key' });
    await qr.waitFor();
    expect(Number(await qr.locator('path').evaluate((p) => (p.getAttribute('d') ?? '').split('M').length))).toBeGreaterThan(200);
    axe.push(...(await checkPage(page, 'mfa-totp-qr')));
    await page.getByRole('button', { name: 'Cancel' }).click();

    const options = page.waitForResponse((r) => r.url().endsWith('/auth/mfa/webauthn/registration-options'));
    const registered = page.waitForRequest((r) => r.url().endsWith('/auth/mfa/webauthn') && r.method() === 'POST');
    await page.getByLabel('Passkey name').fill('work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    // The browser's own request and answer, read as the document describes them.
    const creation = (await (await options).json()) as ApiSchema<'WebauthnOptions'>;
    expect(creation.rp?.id).toBe('localhost');
    expect(creation.authenticatorSelection?.userVerification).toBe('preferred');
    challenges.push(creation.challenge);
    registrationBody = JSON.parse((await registered).postData() ?? '{}') as RegistrationBody;
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    recoveryCodes = ((await shown.textContent()) ?? '').split(/\s+/).filter(Boolean);
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    await page.locator('tr[data-label="work laptop"][data-type="webauthn"]').waitFor();
    axe.push(...(await checkPage(page, 'mfa-passkeys')));

    const status = await api(adminApi).GET('/auth/mfa');
    expect(status.data).toMatchObject({ methods: [{ type: 'webauthn', label: 'work laptop' }], recovery_codes_left: 10 });
    const [enrolled] = await auditRecords('MfaEnrolled', 1);
    expect(enrolled.data).toMatchObject({ type: 'webauthn', label: 'work laptop', recovery_codes_issued: 10 });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].rpId).toBe('localhost');
  });

  it('signs in with the passkey at the second step; the sign counter moves forward', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword();
    await heading(page, 'Second factor');
    const usePasskey = page.getByRole('button', { name: 'Use a passkey' });
    await usePasskey.waitFor();
    axe.push(...(await checkPage(page, 'mfa-challenge-passkey')));
    const before = (await db.query<{ n: string }>(`SELECT webauthn_sign_count::text AS n FROM users.mfa_factors WHERE type = 'webauthn'`))[0].n;
    const options = page.waitForResponse((r) => r.url().endsWith('/auth/mfa/webauthn/authentication-options'));
    const sent = page.waitForRequest((r) => r.url().endsWith('/auth/mfa/challenge') && r.method() === 'POST');
    await usePasskey.click();
    challenges.push(((await (await options).json()) as ApiSchema<'WebauthnOptions'>).challenge);
    assertion = JSON.parse((await sent).postData() ?? '{}') as ChallengeBody;
    expect(assertion.type).toBe('webauthn');
    await heading(page, 'Users');
    await textMatches(page.getByTestId('signed-in-as'), new RegExp(`${ADMIN_EMAIL}.*admin`));

    const [stored] = await db.query<{ n: string; key: string }>(
      `SELECT webauthn_sign_count::text AS n, webauthn_public_key AS key FROM users.mfa_factors WHERE type = 'webauthn'`,
    );
    const after = stored.n;
    publicKey = stored.key;
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(Number(after)).toBe(credentials[0].signCount);
    expect(Number(after)).toBeGreaterThan(Number(before));
    const [succeeded] = await auditRecords('MfaChallengeSucceeded', 1);
    expect(succeeded.data).toMatchObject({ method: 'webauthn' });
    expect((await auditRecords('LoginSucceeded', 1)).some((r) => r.data.mfa === 'webauthn')).toBe(true);
  });

  it('over HTTP: malformed responses are 400 problems; a replayed assertion is a 401 that counts towards the lockout; a replayed registration is refused', async () => {
    const captured = assertion as ChallengeBody;
    const problem = (res: Answer, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
    };
    // Shapes the gateway refuses before any service sees them.
    let token = await passwordStep();
    const capturedId = captured.response?.id;
    problem(await raw('/auth/mfa/challenge', { mfa_token: token, type: 'webauthn' }), 400, 'VALIDATION_FAILED');
    problem(
      await raw('/auth/mfa/challenge', { mfa_token: token, type: 'webauthn', response: { ...captured.response, id: 'not base64url!' } }),
      400,
      'VALIDATION_FAILED',
    );
    problem(await raw('/auth/mfa/challenge', { mfa_token: token, type: 'webauthn', response: 'a string' }), 400, 'VALIDATION_FAILED');
    problem(await raw('/auth/mfa/webauthn/authentication-options', {}), 400, 'VALIDATION_FAILED');
    const authenticationOptions = (mfa_token: string) => api().POST('/auth/mfa/webauthn/authentication-options', { body: { mfa_token } });
    problem(answer(await authenticationOptions('mt_unknownunknownunknownunknown')), 401, 'INVALID_TOKEN');

    const challenge = (body: ChallengeBody) => api().POST('/auth/mfa/challenge', { body });
    // The spent mfa_token of the browser's login is refused as a token.
    problem(answer(await challenge(captured)), 401, 'INVALID_TOKEN');
    // A fresh login and fresh options: the old assertion signed another challenge.
    const options = await authenticationOptions(token);
    expect(options.response.status).toBe(200);
    expect(options.data?.allowCredentials?.map((c) => c.id)).toEqual([capturedId]);
    challenges.push(options.data?.challenge ?? '');
    problem(answer(await challenge({ ...captured, mfa_token: token })), 401, 'INVALID_CREDENTIALS');
    // The challenge went with that attempt: the same token without new options has none to sign.
    problem(answer(await challenge({ ...captured, mfa_token: token })), 401, 'INVALID_CREDENTIALS');
    const failed = await auditRecords('MfaChallengeFailed', 2);
    expect(failed.slice(0, 2).map((r) => r.data)).toEqual([
      { method: 'webauthn', reason: 'invalid_assertion', failed_attempts: 2 },
      { method: 'webauthn', reason: 'invalid_assertion', failed_attempts: 1 },
    ]);
    // The same mfa_token still finishes the login with another factor (the lockout is not reached).
    token = (await challenge({ mfa_token: token, type: 'recovery_code', code: recoveryCodes[0] })).data?.access_token ?? '';
    expect(token).not.toBe('');

    // Registration: without options, and the browser's registration replayed on new options.
    if (!registrationBody) throw new Error('the browser posted no registration');
    const registration = registrationBody;
    const register = () => api(token).POST('/auth/mfa/webauthn', { body: registration });
    problem(answer(await register()), 400, 'VALIDATION_FAILED');
    const creation = await api(token).POST('/auth/mfa/webauthn/registration-options');
    expect(creation.response.status).toBe(200);
    expect(creation.data?.excludeCredentials?.map((c) => c.id)).toEqual([capturedId]);
    challenges.push(creation.data?.challenge ?? '');
    problem(answer(await register()), 400, 'VALIDATION_FAILED');
    // A registration without its response, refused by the document: sent raw on purpose.
    const withoutResponse = await http(stack.baseUrl, 'POST', '/auth/mfa/webauthn', { token, body: { label: 'x' } });
    if (withoutResponse.status >= 400) errorBodies.push(withoutResponse.text);
    problem(withoutResponse, 400, 'VALIDATION_FAILED');
    expect((await api(token).GET('/auth/mfa')).data?.methods).toHaveLength(1);
  });

  it('refuses an assertion whose sign counter did not grow (a cloned authenticator), then signs in once the counter is ahead again', async () => {
    const [stored] = await db.query<{ n: string }>(`SELECT webauthn_sign_count::text AS n FROM users.mfa_factors WHERE type = 'webauthn'`);
    expect(Number(stored.n)).toBeGreaterThan(0);
    // The same key with its counter set back: what a copy of the authenticator made earlier would send.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const original = credentials[0];
    const replaceCredential = async (signCount: number) => {
      await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: original.credentialId });
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...original, signCount } });
    };
    await replaceCredential(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword();
    await heading(page, 'Second factor');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await textMatches(page.getByRole('alert'), /INVALID_CREDENTIALS|Invalid credentials/, 'the refused assertion');
    const [failed] = await auditRecords('MfaChallengeFailed', 3);
    expect(failed.data).toEqual({ method: 'webauthn', reason: 'counter_regressed', failed_attempts: 1 });
    expect((await db.query<{ n: string }>(`SELECT webauthn_sign_count::text AS n FROM users.mfa_factors WHERE type = 'webauthn'`))[0].n).toBe(stored.n);

    await replaceCredential(Number(stored.n) + 10);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await heading(page, 'Users');
    expect(Number((await db.query<{ n: string }>(`SELECT webauthn_sign_count::text AS n FROM users.mfa_factors WHERE type = 'webauthn'`))[0].n)).toBe(
      Number(stored.n) + 11,
    );
  });

  it('removes the passkey from the Second factor page (a recent sign-in); the password alone signs in again', async () => {
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Second factor', exact: true }).click();
    await heading(page, 'Second factor');
    await page.getByRole('button', { name: 'Remove work laptop' }).click();
    await page.locator('tr[data-label="work laptop"]').waitFor({ state: 'detached' });
    const [removed] = await auditRecords('MfaRemoved', 1);
    expect(removed.data).toMatchObject({ type: 'webauthn', factors_left: 0 });
    expect((await api().POST('/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).data).toMatchObject({
      access_token: expect.any(String),
    });
  });

  it('canary: the challenges, the credential id and the public key appear in no log, error body, exported span or table other than the factor row', async () => {
    // The factor is removed by now: its values come from what the browser sent and what was stored.
    const credentialId = (assertion as ChallengeBody).response?.id ?? '';
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const values = [...challenges, credentialId, publicKey];
    expect(challenges.length).toBeGreaterThanOrEqual(4);
    expect(publicKey.length).toBeGreaterThan(40);
    expect(credentials[0].credentialId.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')).toBe(credentialId);

    const [newest] = await auditRecords('MfaRemoved', 1);
    await receiver.waitFor((all) => all.some((s) => s.traceId === newest.trace_id && s.service === 'audit-service') || undefined, {
      timeoutMs: 60_000,
      what: 'the last flow exported',
    });
    const tables = await db.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('users', 'auth', 'audit', 'rotation', 'gateway') AND table_type = 'BASE TABLE'`,
    );
    const where: string[] = [];
    for (const { s, t } of tables) {
      if (s === 'users' && t === 'mfa_factors') continue;
      const text = (await db.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${s}"."${t}" x`)).map((r) => r.row).join('\n');
      for (const value of values) if (text.includes(value)) where.push(`${s}.${t}`);
    }
    const spans = JSON.stringify(receiver.spans);
    for (const value of values) {
      if (stack.logs.join('\n').includes(value)) where.push('logs');
      if (errorBodies.join('\n').includes(value)) where.push('error bodies');
      if (spans.includes(value)) where.push('spans');
    }
    expect(where).toEqual([]);
    expect(receiver.spans.length).toBeGreaterThan(50);
    console.log(
      `passkey canary: ${values.length} values checked against ${stack.logs.length} log lines, ${tables.length - 1} tables, ${errorBodies.length} error bodies, ${receiver.spans.length} spans`,
    );
  });

  it('found no serious accessibility problem and no page error', () => {
    expect(axe).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
