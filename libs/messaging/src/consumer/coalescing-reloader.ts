/**
 * Reloads an in-memory view from its source of truth. Calls that arrive while a load is in flight
 * are folded into one more load after it, so a burst of events costs at most two loads, and an
 * event that arrives during a load is never answered by a snapshot taken before it.
 *
 * A failed load is retried on its own at growing intervals (RETRY_FIRST_MS doubling up to
 * RETRY_MAX_MS), until one succeeds: the event that asked for it will not come again, and without
 * the retry the view would stay stale until its owner's slow periodic resync.
 */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

export class CoalescingReloader {
  private running?: Promise<boolean>;
  private again = false;
  private retryTimer?: NodeJS.Timeout;
  private retryMs = RETRY_FIRST_MS;
  private stopped = false;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Resolves true when the last load it waited for succeeded. */
  trigger(): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loadUntilQuiet();
    return this.running;
  }

  /** No more retries (a load in flight still ends). */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async loadUntilQuiet(): Promise<boolean> {
    // Starts a microtask later, so `running` is set before a load that fails synchronously ends.
    await undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (;;) {
      this.again = false;
      let ok: boolean;
      try {
        await this.load();
        ok = true;
      } catch (err) {
        ok = false;
        this.onError(err);
      }
      // The last check and the release happen in one step: a trigger in between would otherwise
      // see a load still "running", fold itself into it, and be lost (an event whose reload
      // never happens, until the slow periodic resync).
      if (!this.again) {
        this.running = undefined;
        this.afterLoad(ok);
        return ok;
      }
    }
  }

  private afterLoad(ok: boolean): void {
    if (ok) {
      this.retryMs = RETRY_FIRST_MS;
      return;
    }
    if (this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.trigger(), delay);
    this.retryTimer.unref();
  }
}
