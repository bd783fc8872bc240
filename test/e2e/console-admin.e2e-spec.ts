/**
 * The admin and compliance console in a real browser (Debian's chromium via playwright-core) against
 * the whole stack as real processes: the seeded admin's forced first-login change, users (create,
 * lock by failed logins, unlock, the list as of an instant before a role change with its evidence,
 * a user's history), a planned key rotation, a service account's life, the audit log's
 * filters, paging, export and verification, an auditor who sees no admin page and gets 403 from the
 * API, the session (memory only, refresh-token rotation, sign-out), the runtime settings (before and
 * after of each change, inline errors, a stale version), axe on every page at 1280 and
 * 390 px, and a canary: passwords typed into the forms appear in no log, event or audit record.
 *
 * CONSOLE_SCREENSHOTS=1 also writes docs/console/<page>-<width>.png.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import type { EventDataMap } from '@tr4ction/contracts';
import { OtlpReceiver, ServiceStack, waitFor } from '@tr4ction/testing';
import { ADMIN_DEFAULT_PASSWORD, ADMIN_EMAIL } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { checkPage, heading, openBrowser, textMatches, type AxeFinding, type TestBrowser } from '../support/browser';
import { Db, login, uniqueEmail } from '../support/identity';
import type { SettingsView } from '../support/settings';

const JAEGER = 'http://jaeger.example.test:16686';
const tag = randomBytes(5).toString('hex');
/** Typed into the sign-in and change-password forms; the canary looks for them everywhere. */
const WRONG_PASSWORD = `Canary-${tag}-Walnut-1!`;
const ADMIN_PASSWORD = `Canary-${tag}-Harbor-2!`;
const AUDITOR_PASSWORD = `Canary-${tag}-Meadow-3!`;

describe('admin and compliance console (e2e, chromium)', () => {
  let stack: ServiceStack;
  let db: Db;
  let browser: TestBrowser;
  let page: Page;
  const axe: AxeFinding[] = [];
  const refreshes: number[] = [];
  const logouts: number[] = [];
  /** Uncaught errors and console errors of the pages. */
  const pageErrors: string[] = [];
  /** Secrets seen in the run (temporary passwords, client secrets), for the canary. */
  const secrets: string[] = [WRONG_PASSWORD, ADMIN_PASSWORD, AUDITOR_PASSWORD];
  const userEmail = uniqueEmail('console-user');
  const auditorEmail = uniqueEmail('console-auditor');
  let receiver: OtlpReceiver;
  let userTemporary = '';
  let auditorTemporary = '';

  const url = (hash = '') => `${stack.baseUrl}/console/${hash}`;
  const nav = (name: string) => page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true });
  const status = (p: Page = page) => p.locator('main [role="status"].notice, main [role="alert"].notice');
  const adminApiToken = async () => (await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).body.access_token;
  /** datetime-local text of an instant in the browser's zone (the browser runs in this process's). */
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
  /** An instant after everything so far and before what comes next: the next whole second (the as-of control's precision), once the clock has passed it. */
  const pastNextSecond = async (): Promise<Date> => {
    const instant = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
    await waitFor(() => (Date.now() > instant.getTime() ? true : undefined), { timeoutMs: 5_000, intervalMs: 50, what: 'the clock past the chosen instant' });
    return instant;
  };
  const showAsOf = async (instant: Date) => {
    await page.getByLabel('As of (your local time; empty for now)').fill(local(instant));
    await page.getByRole('button', { name: 'Show as of' }).click();
  };

  beforeAll(async () => {
    // Every service exports its spans to a receiver in this process, so the canary can search them too.
    receiver = await OtlpReceiver.start();
    stack = await ServiceStack.start({
      // Debug logs: the canary searches the most verbose output the services write.
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        LOG_LEVEL: 'debug',
        JWKS_CACHE_SECONDS: '2',
        ROTATION_CHECK_INTERVAL_MS: '1000',
        ACCESS_TOKEN_TTL_SECONDS: '60',
        JAEGER_UI_URL: JAEGER,
      },
    });
    db = await Db.connect(stack.databaseUrl);
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    page.on('response', (res: Response) => {
      const path = new URL(res.url()).pathname;
      if (path === '/auth/refresh') refreshes.push(res.status());
      if (path === '/auth/logout') logouts.push(res.status());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await stack?.stop();
    await receiver?.stop();
  });

  it('is served by the gateway at /console with a strict Content-Security-Policy', async () => {
    const redirect = await fetch(`${stack.baseUrl}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const index = await fetch(url());
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${stack.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('the seeded admin is refused a wrong password, then made to choose a new one, with the policy violations shown inline', async () => {
    await page.goto(url());
    await heading(page, 'Sign in');
    axe.push(...(await checkPage(page, 'sign-in')));

    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(WRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textMatches(page.getByRole('alert'), /INVALID_CREDENTIALS/, 'the refused sign-in');

    await page.getByLabel('Password').fill(ADMIN_DEFAULT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Change password and sign in' }).click();
    const violations = page.locator('#new-password-violations li');
    await violations.first().waitFor();
    expect(await violations.count()).toBeGreaterThan(0);
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    axe.push(...(await checkPage(page, 'change-password')));

    await page.getByLabel('New password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Change password and sign in' }).click();
    await heading(page, 'Users');
    await textMatches(page.getByTestId('signed-in-as'), new RegExp(`${ADMIN_EMAIL}.*admin`));
    // The admin's default password is gone; the new one works over the API too.
    expect((await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_DEFAULT_PASSWORD)).status).toBe(401);
    expect((await login(stack.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  async function createUser(email: string, roles: Array<'founder' | 'auditor' | 'admin'>): Promise<string> {
    const field = page.locator('#new-user-email');
    if (!(await field.isVisible())) await page.locator('summary', { hasText: 'Create a user' }).click();
    await field.fill(email);
    for (const role of ['admin', 'founder', 'auditor'] as const) await page.locator(`#new-user-role-${role}`).setChecked(roles.includes(role));
    await page.getByRole('button', { name: 'Create user' }).click();
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    const temporary = (await shown.textContent()) ?? '';
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    secrets.push(temporary);
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.locator(`tr[data-email="${email}"]`).waitFor();
    return temporary;
  }

  it('creates users with their temporary password shown once, and unlocks one that failed logins locked', async () => {
    userTemporary = await createUser(userEmail, ['founder']);
    auditorTemporary = await createUser(auditorEmail, ['auditor']);
    const first = await login(stack.baseUrl, userEmail, userTemporary);
    expect(first.status).toBe(200);
    expect(first.body.password_change_required).toBe(true);

    // The seed policy locks after 5 failures; then even the right password is refused.
    for (let i = 0; i < 5; i++) expect((await login(stack.baseUrl, userEmail, `${userTemporary}-wrong`)).status).toBe(401);
    expect((await login(stack.baseUrl, userEmail, userTemporary)).status).toBe(401);

    const row = page.locator(`tr[data-email="${userEmail}"]`);
    await page.getByRole('button', { name: 'Refresh the list' }).click();
    await textMatches(row.getByTestId('user-state'), /locked until/, 'the user shown as locked');
    axe.push(...(await checkPage(page, 'users')));
    await row.getByRole('button', { name: `Unlock ${userEmail}` }).click();
    await textMatches(status(), new RegExp(`Unlocked ${userEmail}`));
    await textMatches(row.getByTestId('user-state'), /^active/, 'the user shown as active');
    expect((await login(stack.baseUrl, userEmail, userTemporary)).status).toBe(200);
  });

  it('shows the accounts as of an instant before a role change, read-only with evidence from the audit log, and the user’s history', async () => {
    const instant = await pastNextSecond();
    const row = page.locator(`tr[data-email="${userEmail}"]`);
    await row.getByRole('button', { name: `Roles of ${userEmail}` }).click();
    await row.getByRole('checkbox', { name: 'auditor' }).check();
    await row.getByRole('checkbox', { name: 'founder' }).uncheck();
    await row.getByRole('button', { name: 'Save roles' }).click();
    await textMatches(status(), new RegExp(`Roles of ${userEmail}: auditor\\.`), 'the role change');

    await showAsOf(instant);
    const then = page.getByTestId('users-as-of').locator(`tr[data-email="${userEmail}"]`);
    await textMatches(then.getByTestId('user-roles'), /^founder$/, 'the role before the change');
    expect(await then.getByRole('button', { name: `Roles of ${userEmail}` }).count()).toBe(0);
    axe.push(...(await checkPage(page, 'users-as-of')));
    // The evidence is a record of the tamper-evident log: the same seq carries the same event id, about this user.
    const evidence = then.getByTestId('evidence');
    const seq = Number(await evidence.getAttribute('data-seq'));
    const eventId = await evidence.getAttribute('data-event-id');
    const userId = (await db.query<{ id: string }>('SELECT id FROM users.users_v1 WHERE email = $1', [userEmail]))[0].id;
    const record = await apiClient(stack.baseUrl, await adminApiToken()).GET('/audit/events', { params: { query: { cursor: String(seq + 1), limit: '1' } } });
    expect(record.data?.items[0]).toMatchObject({ seq, event_id: eventId, subject: { id: userId } });
    await evidence.click();
    await heading(page, 'Audit log');
    await textMatches(page.locator('tbody tr.highlight th'), new RegExp(`^${seq}$`), 'the evidence record, highlighted');

    await nav('Users').click();
    await heading(page, 'Users');
    await textMatches(row.locator('td').first(), /^auditor$/, 'the role now');
    await row.getByRole('button', { name: `History of ${userEmail}` }).click();
    const history = page.getByTestId('user-history');
    await textMatches(history.getByRole('heading', { level: 2 }), new RegExp(`^History of ${userEmail}$`), 'the history heading');
    // The role change reaches the audit log asynchronously: refresh until it is there.
    const rolesChanged = history.locator('tr[data-type="RolesChanged"]');
    await waitFor(
      async () => {
        if ((await rolesChanged.count()) > 0) return true;
        await history.getByRole('button', { name: 'Refresh the history' }).click();
        return undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'the role change in the history' },
    );
    expect(await rolesChanged.getByTestId('history-changes').textContent()).toMatch(/roles:\s*founder → auditor/);
    const types = await history.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(types[0]).toBe('UserCreated');
    expect(types.indexOf('AccountLocked')).toBeLessThan(types.indexOf('AccountUnlocked'));
    expect(types.indexOf('AccountUnlocked')).toBeLessThan(types.indexOf('RolesChanged'));
    axe.push(...(await checkPage(page, 'user-history')));
    await history.getByRole('button', { name: 'Back to the accounts' }).click();
    await row.waitFor();
  });

  it('runs a planned signing-key rotation from the keys page', async () => {
    await nav('Signing keys').click();
    await heading(page, 'Signing keys');
    const active = page.locator('tr[data-status="active"] th code');
    await active.waitFor();
    const before = (await active.textContent()) ?? '';
    // The next key must have been public for one JWKS cache period (2 s here) to sign at once.
    await page.locator('tr[data-status="next"]').waitFor();
    axe.push(...(await checkPage(page, 'keys')));
    const beforeRotation = await pastNextSecond();
    await page.getByRole('button', { name: 'Rotate the signing key' }).click();
    await textMatches(status(), /Rotated: .* now signs/, 'the rotation outcome');
    await textMatches(page.locator('tr[data-status="retiring"] th code'), new RegExp(`^${before}$`), 'the old key retiring');
    expect(await page.locator('tr[data-status="active"] th code').textContent()).not.toBe(before);
    // As of just before the rotation, the old key was the active one (read-only, with its evidence).
    await showAsOf(beforeRotation);
    const activeThen = page.getByTestId('keys-as-of').locator('tr[data-status="active"]');
    await textMatches(activeThen.locator('th code'), new RegExp(`^${before}$`), 'the key active before the rotation');
    expect(await activeThen.getByTestId('evidence').getAttribute('data-seq')).toMatch(/^\d+$/);
    expect(await page.getByRole('button', { name: 'Rotate the signing key' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Back to now' }).click();
    // The emergency revocation stays locked until the phrase is typed and a reason given.
    const revokeAll = page.getByRole('button', { name: 'Revoke every token now' });
    expect(await revokeAll.isDisabled()).toBe(true);
    await page.getByLabel('Reason (recorded in the audit log)').fill('drill');
    expect(await revokeAll.isDisabled()).toBe(true);
    await page.getByLabel(/to confirm/).fill('REVOKE ALL TOKENS');
    expect(await revokeAll.isDisabled()).toBe(false);
    await page.getByLabel(/to confirm/).fill('');
  });

  it('creates a service account (secret shown once, copied), rotates it with a grace window, and revokes it', async () => {
    await nav('Service accounts').click();
    await heading(page, 'Service accounts');
    const name = `reports-${tag}`;
    await page.locator('details', { hasText: 'Create a service account' }).locator('summary').click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel(/^Scopes/).fill('audit:read');
    await page.getByRole('button', { name: 'Create service account' }).click();
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    const secret = (await shown.textContent()) ?? '';
    secrets.push(secret);
    await page.getByRole('button', { name: 'Copy client secret' }).click();
    await textMatches(page.locator('.shown-once [role="status"]'), /Copied/);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);

    const row = page.locator(`tr[data-name="${name}"]`);
    const clientId = (await row.locator('code').textContent()) ?? '';
    const grant = async (clientSecret: string) =>
      (await apiClient(stack.baseUrl).POST('/auth/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } }))
        .response;
    expect((await grant(secret)).status).toBe(200);
    await page.getByRole('button', { name: 'Done, hide it' }).click();

    await row.getByRole('button', { name: `Rotate secret of ${name}` }).click();
    await row.getByRole('button', { name: `Confirm rotating ${name}` }).click();
    await textMatches(status(), /previous secret keeps working until \d{4}-\d\d-\d\d/, 'the grace window');
    const rotated = (await page.getByTestId('shown-once-value').textContent()) ?? '';
    secrets.push(rotated);
    expect(rotated).not.toBe(secret);
    expect((await grant(rotated)).status).toBe(200);
    expect((await grant(secret)).status).toBe(200); // inside the grace window
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    axe.push(...(await checkPage(page, 'service-accounts')));

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await row.getByRole('button', { name: `Confirm revoking ${name}` }).click();
    await page.locator(`tr[data-name="${name}"][data-status="revoked"]`).waitFor();
    expect((await grant(rotated)).status).toBe(401);
  });

  async function applyFilters(values: Record<string, string>): Promise<void> {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    for (const [label, value] of Object.entries(values)) {
      const field = page.getByLabel(label, { exact: true });
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await page.getByRole('button', { name: 'Apply filters' }).click();
  }

  const rowTypes = () => page.locator('tbody tr[data-type]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));

  it('filters the audit log by every field, pages through it, exports it and shows the verification result', async () => {
    const admin = await adminApiToken();
    const adminId = (await apiClient(stack.baseUrl, admin).GET('/auth/me')).data?.id ?? '';
    const users = await apiClient(stack.baseUrl, admin).GET('/admin/users', { params: { query: { limit: '200' } } });
    const userId = users.data?.items.find((u) => u.email === userEmail)?.id ?? '';
    // Everything above reaches the audit log, and there is more than one page of it (50 a page).
    await waitFor(
      async () =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE type = 'AccountUnlocked' AND subject_id = $1`, [userId]))[0]
          .n === 1,
      { timeoutMs: 30_000, what: 'the unlock in the audit log' },
    );
    while ((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.audit_log_v1'))[0].n <= 60)
      await login(stack.baseUrl, uniqueEmail('nobody'), 'not-a-password');

    await nav('Audit log').click();
    await heading(page, 'Audit log');
    await textMatches(page.getByTestId('records-count'), /^50 records on this page, more on the next/, 'a full first page');
    const firstPageSeqs = await page.locator('tbody tr[data-type] th').allTextContents();
    await page.getByRole('button', { name: 'Older records' }).click();
    await waitFor(
      async () => {
        const seqs = (await page.locator('tbody tr[data-type] th').allTextContents()).map(Number);
        return seqs.length > 0 && seqs[0] < Number(firstPageSeqs[firstPageSeqs.length - 1]) ? seqs : undefined;
      },
      { timeoutMs: 30_000, what: 'the next, older page' },
    );
    await page.getByRole('button', { name: 'Newer records' }).click();
    // Back on the first page (records may have arrived since: newest first, so its top is at least as new).
    let shown: number[] = [];
    await waitFor(
      async () => {
        shown = (await page.locator('tbody tr[data-type] th').allTextContents()).map(Number);
        return shown.length === 50 && shown[0] >= Number(firstPageSeqs[0]) && shown.includes(Number(firstPageSeqs[0])) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the first page again' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}: first page was ${firstPageSeqs[0]}..${firstPageSeqs[49]}, now ${shown.join(',')}`);
    });

    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await textMatches(page.getByTestId('verify-result'), /Intact: \d+ records checked/, 'the verification result');
    // Each record links to its trace in Jaeger (JAEGER_UI_URL is set on this stack).
    const traceHref = (await page.locator('tbody tr[data-type] a[href*="/trace/"]').first().getAttribute('href')) ?? '';
    expect(traceHref).toMatch(new RegExp(`^${JAEGER}/trace/[0-9a-f]{32}$`));
    axe.push(...(await checkPage(page, 'audit')));

    await applyFilters({ 'Event type': 'LoginFailed', Outcome: 'failure', 'Subject id': userId });
    // The filtered page replaces the unfiltered one: only the user's failed logins (5, then the locked attempt).
    await waitFor(
      async () => {
        const types = await rowTypes();
        return types.length >= 5 && types.every((t) => t === 'LoginFailed') ? true : undefined;
      },
      { what: 'only the failed logins of the user' },
    );

    await applyFilters({ 'Event type': 'UserCreated', 'Actor id': adminId });
    await textMatches(page.getByTestId('records-count'), /^2 records on this page\.$/, 'the two users the admin created');
    expect(await rowTypes()).toEqual(['UserCreated', 'UserCreated']);

    const traceId = traceHref.split('/trace/')[1];
    await applyFilters({ 'Trace id': traceId });
    await waitFor(
      async () => {
        const hrefs = await page.locator('tbody tr[data-type] a[href*="/trace/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        return hrefs.length >= 1 && hrefs.length === (await rowTypes()).length && hrefs.every((h) => h === traceHref) ? true : undefined;
      },
      { what: 'only the records of one trace' },
    );

    // from/to: the next hour holds nothing yet; the last hour holds the user's creation.
    const now = Date.now();
    await applyFilters({ 'From (your local time)': local(new Date(now + 3_600_000)), 'Event type': 'UserCreated' });
    await textMatches(page.getByTestId('records-count'), /^0 records on this page\.$/, 'nothing in the future');
    await applyFilters({
      'From (your local time)': local(new Date(now - 3_600_000)),
      'To, excluded (your local time)': local(new Date(now + 60_000)),
      'Subject id': userId,
      'Event type': 'UserCreated',
    });
    await textMatches(page.getByTestId('records-count'), /^1 record on this page\.$/, 'the user creation in the last hour');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-.*\.csv$/);
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toMatch(/seq/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('UserCreated');
    const [ndjson] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export NDJSON' }).click()]);
    const lines = readFileSync((await ndjson.path()) ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; subject: { id: string } });
    expect(lines).toEqual([expect.objectContaining({ type: 'UserCreated', subject: expect.objectContaining({ id: userId }) })]);
  });

  it('keeps the session in memory only and rotates the refresh token before the access token expires', async () => {
    // Strings, not functions: these run in the page, whose DOM types the test's tsconfig does not load.
    const stored = await page.evaluate('({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie })');
    expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
    // 60 s access tokens here: the console refreshes after 45 s.
    await waitFor(() => (refreshes.includes(200) ? true : undefined), { timeoutMs: 120_000, intervalMs: 500, what: 'a refresh of the session' });
    await nav('Users').click();
    await heading(page, 'Users');
    await page.locator(`tr[data-email="${userEmail}"]`).waitFor();
    expect(refreshes.every((s) => s === 200)).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    await waitFor(() => (logouts.includes(204) ? true : undefined), { what: 'the logout call' });
  });

  it('an auditor changes the temporary password, sees only the audit log and their second factor, is refused the admin pages, and the API answers 403', async () => {
    const auditor = await openBrowser();
    try {
      const p = auditor.page;
      // Keyboard only: each step puts the focus on its heading, and Tab walks the labelled fields in order.
      const focused = () => p.evaluate('document.activeElement && (document.activeElement.id || document.activeElement.textContent)');
      await p.goto(url());
      await heading(p, 'Sign in');
      await waitFor(async () => ((await focused()) === 'Sign in' ? true : undefined), { what: 'the focus on the sign-in heading' });
      await p.keyboard.press('Tab');
      expect(await focused()).toBe('signin-email');
      await p.keyboard.type(auditorEmail);
      await p.keyboard.press('Tab');
      expect(await focused()).toBe('signin-password');
      await p.keyboard.type(auditorTemporary);
      await p.keyboard.press('Enter');
      await heading(p, 'Choose a new password');
      await waitFor(async () => ((await focused()) === 'Choose a new password' ? true : undefined), { what: 'the focus on the new heading' });
      await p.keyboard.press('Tab');
      expect(await focused()).toBe('new-password');
      await p.keyboard.type(AUDITOR_PASSWORD);
      await p.keyboard.press('Tab');
      expect(await focused()).toBe('confirm-password');
      await p.keyboard.type(AUDITOR_PASSWORD);
      await p.keyboard.press('Enter');
      await heading(p, 'Audit log');
      const links = await p.getByRole('navigation', { name: 'Console sections' }).getByRole('link').allTextContents();
      expect(links).toEqual(['Audit log', 'Second factor']);
      await p.getByRole('button', { name: 'Verify the chain' }).click();
      await textMatches(p.getByTestId('verify-result'), /Intact: \d+ records checked/);

      for (const route of ['users', 'keys', 'service-accounts', 'settings']) {
        await p.goto(url(`#/${route}`));
        await heading(p, 'Not allowed');
      }
      axe.push(...(await checkPage(p, 'auditor-not-allowed')));

      const token = (await login(stack.baseUrl, auditorEmail, AUDITOR_PASSWORD)).body.access_token;
      const asAuditor = apiClient(stack.baseUrl, token);
      const refused = await Promise.all([
        asAuditor.GET('/admin/users'),
        asAuditor.GET('/admin/keys'),
        asAuditor.POST('/admin/keys/rotate'),
        asAuditor.GET('/admin/service-accounts'),
        asAuditor.POST('/admin/tokens/revoke-all', { body: { reason: 'auditor trying' } }),
      ]);
      expect(refused.map((r) => r.response.status)).toEqual([403, 403, 403, 403, 403]);
      expect((await asAuditor.GET('/audit/verify')).response.status).toBe(200);
    } finally {
      await auditor.close();
    }
  });

  it('the emergency revoke-all, once confirmed, ends every session, the console’s own included; new sign-ins work', async () => {
    const before = await adminApiToken();
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Users');
    await nav('Signing keys').click();
    await heading(page, 'Signing keys');
    await page.getByLabel('Reason (recorded in the audit log)').fill('console e2e drill');
    await page.getByLabel(/to confirm/).fill('REVOKE ALL TOKENS');
    await page.getByRole('button', { name: 'Revoke every token now' }).click();
    await heading(page, 'Sign in');
    await textMatches(page.getByRole('status').filter({ hasText: 'revoked' }), /Every token issued before .* is revoked/, 'the revocation notice');
    expect((await apiClient(stack.baseUrl, before).GET('/auth/me')).response.status).toBe(401);
    const after = await adminApiToken();
    expect((await apiClient(stack.baseUrl, after).GET('/auth/me')).response.status).toBe(200);
  });

  it('changes the policy profile and CORS origins on the settings page with their before and after, as the API and the audit log record them; bad input and a stale version are refused', async () => {
    const origins = [`https://console-${tag}.example.test`, `https://reports-${tag}.example.test:8443`];
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in again on the page the revocation left (signing keys); the settings are one link away.
    await heading(page, 'Signing keys');
    await nav('Settings').click();
    await heading(page, 'Settings');
    const admin = await adminApiToken();
    const adminId = (await apiClient(stack.baseUrl, admin).GET('/auth/me')).data?.id;
    const getSettings = async (): Promise<SettingsView> => {
      const { data } = await apiClient(stack.baseUrl, admin).GET('/admin/settings');
      // Without as_of the answer is the effective settings, not the point-in-time list.
      if (!data || 'as_of' in data) throw new Error('no settings');
      return data;
    };
    const before = await getSettings();
    expect(before.password_policy).toBe('seed');
    const shownOrigins = (list: string[]) => (list.length ? list.join(', ') : '(none)');
    const current = (key: string) => page.getByTestId('current-settings').locator(`[data-key="${key}"] dd`);
    await textMatches(current('password_policy'), /^seed$/, 'the current policy');
    expect(await current('cors_origins').textContent()).toBe(shownOrigins(before.cors_origins));
    expect(await current('access_token_ttl_seconds').textContent()).toMatch(new RegExp(`^${before.access_token_ttl_seconds} s\\b`));
    expect(await current('refresh_token_ttl_seconds').textContent()).toMatch(new RegExp(`^${before.refresh_token_ttl_seconds} s `));

    // A path is not an origin: the server's 400 detail is shown at the field, which takes the focus; nothing changes.
    const originsField = page.getByLabel('Allowed browser origins (CORS)');
    const beforeChanges = await pastNextSecond();
    await page.getByLabel('Password policy profile').selectOption('nist-800-63b-4');
    await originsField.fill(`${origins[0]}/app`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await textMatches(page.getByTestId('settings-field-error'), /cors_origins.*VALIDATION_FAILED/, 'the inline error of the bad origin');
    expect(await originsField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('settings-cors-origins');
    expect(await getSettings()).toEqual(before);

    await originsField.fill(origins.join('\n'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await textMatches(status(), /^Saved 2 changes/, 'the saved notice');
    expect(await page.getByTestId('settings-field-error').count()).toBe(0);
    const changes = page.getByTestId('settings-changes').locator('tbody tr');
    expect(await changes.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(['password_policy', 'cors_origins']);
    expect(await changes.nth(0).locator('td').allTextContents()).toEqual(['seed', 'nist-800-63b-4']);
    expect(await changes.nth(1).locator('td').allTextContents()).toEqual([shownOrigins(before.cors_origins), origins.join(', ')]);
    await textMatches(
      page.getByTestId('settings-updated'),
      new RegExp(`^Last changed \\d{4}-\\d\\d-\\d\\d .* by you \\(${ADMIN_EMAIL}\\)`),
      'who changed them last',
    );
    axe.push(...(await checkPage(page, 'settings')));

    // The API reports what the page saved, only the changed keys moved, and the gateway allows the new origin.
    const after = await getSettings();
    expect(after).toEqual({ ...before, password_policy: 'nist-800-63b-4', cors_origins: origins, updated_at: expect.any(String), updated_by: adminId });
    const preflight = await fetch(`${stack.baseUrl}/admin/settings`, {
      method: 'OPTIONS',
      headers: { origin: origins[1], 'access-control-request-method': 'GET' },
    });
    await preflight.arrayBuffer();
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origins[1]);
    const record = await waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query: { type: 'ConfigurationChanged' } } });
        // The document types audit data as any object: a ConfigurationChanged record carries its event's data.
        const records = (res.data?.items ?? []).map((r) => ({ ...r, data: r.data as unknown as EventDataMap['ConfigurationChanged'] }));
        return records.find((r) => r.actor.id === adminId && r.data.changes.some((c) => c.key === 'cors_origins'));
      },
      { timeoutMs: 30_000, what: 'the ConfigurationChanged audit record' },
    );
    expect(record.data.changes).toHaveLength(2);
    expect(record.data.changes).toEqual(
      expect.arrayContaining([
        { key: 'password_policy', before: 'seed', after: 'nist-800-63b-4' },
        { key: 'cors_origins', before: before.cors_origins, after: origins },
      ]),
    );

    // Another admin changes the settings meanwhile: the page's If-Match is stale, so its save is refused (412) until reloaded.
    expect((await apiClient(stack.baseUrl, admin).PUT('/admin/settings', { body: { cors_origins: [origins[0]] } })).response.status).toBe(200);
    await page.getByLabel('Password policy profile').selectOption('pci-dss-4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await textMatches(status(), /changed by someone else.*Reload/, 'the stale-version notice');
    expect((await getSettings()).password_policy).toBe('nist-800-63b-4');
    await page.getByRole('button', { name: 'Reload the settings' }).click();
    await textMatches(current('cors_origins'), new RegExp(`^${origins[0]}$`), 'the other admin’s change after the reload');
    expect(await page.getByLabel('Password policy profile').inputValue()).toBe('nist-800-63b-4');

    // As of before the first save: the policy then, read-only; no record shaped it (its value before the first change).
    const policyThen = page.getByTestId('settings-as-of').locator('[data-key="password_policy"]');
    // The other admin's change may not be in the audit log yet (the API answers 503 until it is): shown again until it is.
    await waitFor(
      async () => {
        const backToNow = page.getByRole('button', { name: 'Back to now' });
        if (await backToNow.isEnabled()) await backToNow.click();
        await showAsOf(beforeChanges);
        return (
          /^seed$/.test(
            (await policyThen
              .getByTestId('setting-value')
              .textContent({ timeout: 2000 })
              .catch(() => null)) ?? '',
          ) || undefined
        );
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the policy as of before the changes' },
    );
    expect(await policyThen.getByTestId('evidence').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    axe.push(...(await checkPage(page, 'settings-as-of')));
  });

  it('axe finds no serious or critical violation on any page at 1280 and 390 px, and the pages logged no error', () => {
    expect(axe).toEqual([]);
    // Refused requests (the wrong password, the policy's 400) are logged by the browser too: not script errors.
    expect(pageErrors.filter((e) => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
  });

  it('canary: the passwords typed into the console and the secrets it showed appear in no log, event, audit record or exported span', async () => {
    await waitFor(
      async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE type = 'ServiceAccountRevoked'`))[0].n >= 1,
      { timeoutMs: 30_000, what: 'the last events in the audit log' },
    );
    const tables = await db.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('users', 'auth', 'audit', 'rotation', 'gateway') AND table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { s, t } of tables) {
      const text = (await db.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${s}"."${t}" x`)).map((r) => r.row).join('\n');
      for (const secret of secrets) if (text.includes(secret)) found.push(`${s}.${t}`);
    }
    const logs = stack.logs.join('\n');
    for (const secret of secrets) if (logs.includes(secret)) found.push('service logs');
    // Spans: the sign-in flows ran long enough ago that their batches have been exported.
    await waitFor(async () => receiver.spans.some((sp) => sp.name.includes('/auth/login')), { timeoutMs: 30_000, what: 'login spans exported' });
    const spans = JSON.stringify(receiver.spans);
    for (const secret of secrets) if (spans.includes(secret)) found.push('exported spans');
    expect(found).toEqual([]);
    expect(tables.map((t) => `${t.s}.${t.t}`)).toEqual(
      expect.arrayContaining(['users.event_store', 'users.outbox', 'audit.audit_log_v1', 'auth.outbox', 'rotation.event_store']),
    );
    expect(stack.logs.length).toBeGreaterThan(50);
    console.log(
      `console canary: ${secrets.length} secrets checked against ${stack.logs.length} log lines, ${tables.length} tables and ${receiver.spans.length} spans`,
    );
  });
});
