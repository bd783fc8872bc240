import { waitFor } from '@tr4ction/testing';

/**
 * Rate-limit counters are fixed windows of `windowSeconds`: a test that starts at the start of a new
 * one counts no earlier request and cannot see its window roll over midway.
 */
export async function freshWindow(windowSeconds: number): Promise<void> {
  const current = Math.floor(Date.now() / 1000 / windowSeconds);
  await waitFor(async () => Math.floor(Date.now() / 1000 / windowSeconds) !== current || undefined, {
    timeoutMs: (windowSeconds + 5) * 1000,
    intervalMs: 50,
    what: 'a fresh rate-limit window',
  });
}
