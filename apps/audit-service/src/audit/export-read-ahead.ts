/**
 * The next page of an export, made while the current one travels to the gateway. The gateway asks
 * for it the moment the current page arrives, so its query and text are ready or under way by then,
 * instead of starting at the request with audit-service idle in between (an export spent most of
 * its time that way: both processes idle half of it, each waiting on the other).
 *
 * A page is fixed by its filters, `after` and the snapshot `until`: the log is append-only and the
 * records up to `until` never change, so a page made ahead is exactly the page asked for. Bounded: a
 * few pages, each kept for a short while and handed out once. A page made on one replica and asked
 * of another is made again there; one that failed is made again by the request, which answers that.
 */
export class ExportReadAhead<T> {
  private readonly pages = new Map<string, { page: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page made ahead under `key`, if any (forgotten once taken), else `make()`'s. */
  take(key: string, make: () => Promise<T>): Promise<T> {
    const entry = this.pages.get(key);
    this.pages.delete(key);
    if (!entry || entry.expiresAt <= this.now()) return make();
    return entry.page.catch(make);
  }

  /** Starts making the page under `key` now. */
  start(key: string, make: () => Promise<T>): void {
    this.forgetStale();
    const page = make();
    // Nobody may ever ask for it: a failure here must not become an unhandled rejection.
    page.catch(() => undefined);
    this.pages.set(key, { page, expiresAt: this.now() + this.ttlMs });
  }

  private forgetStale(): void {
    const now = this.now();
    for (const [key, entry] of this.pages) if (entry.expiresAt <= now) this.pages.delete(key);
    // Oldest first (a Map iterates in insertion order).
    for (const key of this.pages.keys()) {
      if (this.pages.size < this.capacity) break;
      this.pages.delete(key);
    }
  }
}
