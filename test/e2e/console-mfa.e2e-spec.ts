/**
 * The console's second sign-in step in a real browser (Debian's chromium via playwright-core)
 * against the whole stack: an admin with a TOTP factor (enrolled over the API, codes computed here)
 * signs in with a code, then with a recovery code; a wrong code is refused at the field; on the
 * "Second factor" page adds a second authenticator app, regenerates the recovery codes and removes
 * the app; axe at 1280 and 390 px. CONSOLE_SCREENSHOTS=1 also writes
 * docs/console/mfa-challenge-<width>.png and docs/console/mfa-<width>.png.
 */
import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import type { ApiSchema } from '@tr4ction/http-api';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { ADMIN_EMAIL, adminToken, login } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { checkPage, heading, openBrowser, textMatches, type AxeFinding, type TestBrowser } from '../support/browser';

const ADMIN_PASSWORD = 'Copper-Lantern-Field-58!';

/** The `mfa_token` of a login answered with a second-factor challenge ('' for any other answer). */
function mfaTokenOf(answer: ApiSchema<'LoginResponse'> | undefined): string {
  return answer && 'mfa_token' in answer ? answer.mfa_token : '';
}

describe('console sign-in with a second factor (e2e, chromium)', () => {
  let stack: ServiceStack;
  let browser: TestBrowser;
  let page: Page;
  let secret = '';
  let recoveryCodes: string[] = [];
  /** The admin's API session from before the enrolment (full scope), for setup calls. */
  let adminApi: ApiClient;
  const axe: AxeFinding[] = [];
  const pageErrors: string[] = [];

  async function signIn(): Promise<void> {
    await page.goto(`${stack.baseUrl}/console/`);
    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Second factor');
  }

  beforeAll(async () => {
    stack = await ServiceStack.start();
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    adminApi = apiClient(stack.baseUrl, token);
    const started = await adminApi.POST('/auth/mfa/totp', { body: { current_password: ADMIN_PASSWORD } });
    expect(started.response.status).toBe(201);
    secret = started.data?.secret ?? '';
    // Confirmed with the previous step's code, so the current one is still unused for the browser.
    await waitFor(() => 30_000 - (Date.now() % 30_000) > 5_000 || undefined, { timeoutMs: 10_000, intervalMs: 200, what: 'a time step with room left' });
    const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    const confirmed = await adminApi.POST('/auth/mfa/totp/{id}/confirm', { params: { path: { id: started.data?.id ?? '' } }, body: { code } });
    expect(confirmed.response.status).toBe(200);
    recoveryCodes = confirmed.data?.recovery_codes ?? [];
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('asks for the authenticator code after the password, refuses a wrong one at the field, and signs in with the right one', async () => {
    await signIn();
    axe.push(...(await checkPage(page, 'mfa-challenge')));
    const field = page.getByLabel('Authentication code');
    const right = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
    await field.fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await textMatches(page.getByRole('alert'), /INVALID_CREDENTIALS|Invalid credentials/, 'the refused code');
    // The same mfa_token takes another try.
    await field.fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await heading(page, 'Users');
    await textMatches(page.getByTestId('signed-in-as'), new RegExp(`${ADMIN_EMAIL}.*admin`));
  });

  it('signs in with a recovery code instead', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn();
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await heading(page, 'Users');
    const status = await apiClient(stack.baseUrl, (await adminLogin()).access_token).GET('/auth/mfa');
    expect(status.data?.recovery_codes_left).toBe(8);
  });

  it('the Second factor page adds an authenticator app, regenerates the recovery codes (shown once) and removes the app', async () => {
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Second factor', exact: true }).click();
    await heading(page, 'Second factor');
    await page.locator('tr[data-label="Authenticator app"]').waitFor();
    await textMatches(page.getByTestId('recovery-codes-left'), /^8 of 10 left/, 'the codes left');

    await page.getByLabel('Current password').fill(ADMIN_PASSWORD);
    await page.getByLabel('Name (optional)').fill('backup phone');
    await page.getByRole('button', { name: 'Show the key' }).click();
    const shownKey = page.getByTestId('totp-secret');
    await shownKey.waitFor();
    const newSecret = ((await shownKey.textContent()) ?? '').trim();
    expect(newSecret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app').fill(generateSync({ secret: newSecret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('tr[data-label="backup phone"]').waitFor();
    axe.push(...(await checkPage(page, 'mfa')));

    // The browser's sign-in is minutes old at most: regenerating is allowed (step-up).
    await page.getByRole('button', { name: 'Regenerate recovery codes' }).click();
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    const fresh = ((await shown.textContent()) ?? '').split(/\s+/).filter(Boolean);
    expect(fresh).toHaveLength(10);
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    await textMatches(page.getByTestId('recovery-codes-left'), /^10 of 10 left/, 'a fresh set');

    await page.getByRole('button', { name: 'Remove backup phone' }).click();
    await page.locator('tr[data-label="backup phone"]').waitFor({ state: 'detached' });
    // The old recovery codes are void, a new one works.
    const anonymous = apiClient(stack.baseUrl);
    const mfaToken = mfaTokenOf((await anonymous.POST('/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).data);
    expect(
      (await anonymous.POST('/auth/mfa/challenge', { body: { mfa_token: mfaToken, type: 'recovery_code', code: recoveryCodes[2] } })).response.status,
    ).toBe(401);
    expect((await anonymous.POST('/auth/mfa/challenge', { body: { mfa_token: mfaToken, type: 'recovery_code', code: fresh[0] } })).response.status).toBe(200);
  });

  it("an admin resets a user's second factors from the users page (lost device): the user signs in with the password alone", async () => {
    const email = `console-mfa-lost-${Date.now()}@example.com`;
    const password = 'Silver-Harbor-Gate-47!';
    expect((await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password } })).response.status).toBe(201);
    const token = (await login(stack.baseUrl, email, password)).access_token ?? '';
    const user = apiClient(stack.baseUrl, token);
    const started = await user.POST('/auth/mfa/totp', { body: { current_password: password } });
    const code = generateSync({ secret: started.data?.secret ?? '', epoch: Math.floor(Date.now() / 1000) });
    expect((await user.POST('/auth/mfa/totp/{id}/confirm', { params: { path: { id: started.data?.id ?? '' } }, body: { code } })).response.status).toBe(200);
    expect((await apiClient(stack.baseUrl).POST('/auth/login', { body: { email, password } })).data).toMatchObject({ mfa_required: true });

    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Users', exact: true }).click();
    await heading(page, 'Users');
    const row = page.locator(`tr[data-email="${email}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Reset second factor of ${email}` }).click();
    await row.getByRole('button', { name: `Confirm resetting ${email}'s second factors` }).click();
    await textMatches(page.locator('main [role="status"].notice'), new RegExp(`Removed every second factor of ${email}`), 'the reset outcome');
    expect((await user.GET('/auth/me')).response.status).toBe(401);
    expect((await login(stack.baseUrl, email, password)).access_token).toBeDefined();
  });

  it('an auditor whose role requires a second factor adds one at sign-in, keeps the recovery codes, then signs in with it', async () => {
    expect((await adminApi.PUT('/admin/settings', { body: { mfa_required_roles: ['auditor'] } })).response.status).toBe(200);
    const email = `console-mfa-auditor-${Date.now()}@example.com`;
    const created = await adminApi.POST('/admin/users', { body: { email, roles: ['auditor'] } });
    const temporary = created.data?.temporary_password ?? '';
    const password = 'Quiet-Orchard-Lamp-93!';
    const first = await login(stack.baseUrl, email, temporary);
    expect(
      (await apiClient(stack.baseUrl, first.access_token).POST('/auth/change-password', { body: { current_password: temporary, new_password: password } }))
        .response.status,
    ).toBe(204);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Add a second factor');
    axe.push(...(await checkPage(page, 'mfa-enrol')));
    await page.getByLabel('Current password').fill(password);
    await page.getByRole('button', { name: 'Show the key' }).click();
    const shownKey = page.getByTestId('totp-secret');
    await shownKey.waitFor();
    const auditorSecret = ((await shownKey.textContent()) ?? '').trim();
    await waitFor(() => 30_000 - (Date.now() % 30_000) > 5_000 || undefined, { timeoutMs: 10_000, intervalMs: 200, what: 'a time step with room left' });
    const at = Math.floor(Date.now() / 1000);
    await page.getByLabel('Code from the app').fill(generateSync({ secret: auditorSecret, epoch: at }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    expect(((await shown.textContent()) ?? '').split(/\s+/).filter(Boolean)).toHaveLength(10);
    await page.getByRole('button', { name: 'Done, hide it' }).click();

    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Second factor');
    await page.getByLabel('Authentication code').fill(generateSync({ secret: auditorSecret, epoch: at + 30 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await textMatches(page.getByTestId('signed-in-as'), new RegExp(`${email}.*auditor`), 'the auditor signed in');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Second factor', exact: true }).click();
    await page.locator('tr[data-label="Authenticator app"]').waitFor();
  });

  it('found no serious accessibility problem and no page error', () => {
    expect(axe).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** A fresh API session for the admin through the same two steps, with the next recovery code. */
  async function adminLogin(): Promise<ApiSchema<'TokenPair'>> {
    const anonymous = apiClient(stack.baseUrl);
    const first = await anonymous.POST('/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    const done = await anonymous.POST('/auth/mfa/challenge', {
      body: { mfa_token: mfaTokenOf(first.data), type: 'recovery_code', code: recoveryCodes[1] },
    });
    expect(done.response.status).toBe(200);
    if (!done.data) throw new Error('no tokens after the second factor');
    return done.data;
  }
});
