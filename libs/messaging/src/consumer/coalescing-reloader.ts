/**
 * Reloads an in-memory view from its source of truth. Calls that arrive while a load is in flight
 * are folded into one more load after it, so a burst of events costs at most two loads, and an
 * event that arrives during a load is never answered by a snapshot taken before it.
 */
export class CoalescingReloader {
  private running?: Promise<boolean>;
  private again = false;

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

  private async loadUntilQuiet(): Promise<boolean> {
    // Starts a microtask later, so `running` is set before a load that fails synchronously ends.
    await undefined;
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
        return ok;
      }
    }
  }
}
