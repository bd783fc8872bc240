/**
 * Browser helpers for the console's end-to-end tests: Debian's chromium driven by playwright-core
 * (no browser download), a fresh profile per browser, axe checks and optional screenshots.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { waitFor } from '@tr4ction/testing';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WIDTHS = [1280, 390] as const;
const HEIGHT = { 1280: 800, 390: 844 } as const;
/** Generous: the machine running these may be loaded. */
export const UI_TIMEOUT_MS = 30_000;
const SCREENSHOT_DIR = resolve(__dirname, '..', '..', 'docs', 'console');

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** One chromium with its own fresh profile directory, removed on close. */
export async function openBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'tr4ction-console-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: HEIGHT[1280] },
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
    timeout: 60_000,
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's level-1 heading, once it shows `name`. */
export async function heading(page: Page, name: string | RegExp): Promise<Locator> {
  const h = page.getByRole('heading', { level: 1, name });
  await h.waitFor({ state: 'visible' });
  return h;
}

/** Waits until the locator's text matches. */
export async function textMatches(locator: Locator, pattern: RegExp, what = String(pattern)): Promise<string> {
  return waitFor(
    async () => {
      const text =
        (await locator
          .first()
          .textContent({ timeout: 2000 })
          .catch(() => null)) ?? '';
      return pattern.test(text) ? text : undefined;
    },
    { timeoutMs: UI_TIMEOUT_MS, intervalMs: 150, what },
  );
}

export interface AxeFinding {
  id: string;
  impact: string;
  width: number;
  page: string;
  targets: string[];
}

/**
 * axe at both widths (serious and critical findings are returned), and with CONSOLE_SCREENSHOTS=1
 * a full-page screenshot of each under docs/console/<name>-<width>.png. The viewport is 1280 after.
 */
export async function checkPage(page: Page, name: string): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT[width] });
      // Layout settles on the next frame after a resize.
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const v of result.violations) {
        if (v.impact === 'serious' || v.impact === 'critical')
          findings.push({ id: v.id, impact: v.impact, width, page: name, targets: v.nodes.map((n) => n.target.join(' ')) });
      }
      if (process.env.CONSOLE_SCREENSHOTS === '1') {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        // The whole page, cut at 2400 px: a long audit page would make an unreadable image.
        const height = Math.min(2400, Number(await page.evaluate('document.documentElement.scrollHeight')));
        await page.screenshot({
          path: join(SCREENSHOT_DIR, `${name}-${width}.png`),
          fullPage: true,
          clip: { x: 0, y: 0, width, height },
          animations: 'disabled',
          caret: 'hide',
        });
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: HEIGHT[1280] });
  }
  return findings;
}
