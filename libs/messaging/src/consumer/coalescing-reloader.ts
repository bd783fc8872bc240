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
    const run = (async () => {
      let ok = false;
      do {
        this.again = false;
        try {
          await this.load();
          ok = true;
        } catch (err) {
          ok = false;
          this.onError(err);
        }
      } while (this.again);
      return ok;
    })();
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }
}
