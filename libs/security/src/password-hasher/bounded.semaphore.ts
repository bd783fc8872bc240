/**
 * A counting semaphore with a bounded wait queue. Argon2 is CPU and memory heavy: running more
 * hashes than cores only makes every one slower, and an unbounded queue turns a login burst into
 * minutes of latency and memory growth. Past `maxQueue` waiters, callers are refused at once.
 */
export interface SemaphoreStats {
  readonly active: number;
  readonly queued: number;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
}

export class BoundedSemaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
    private readonly overloaded: (stats: SemaphoreStats) => Error,
  ) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new RangeError('maxConcurrent must be an integer >= 1');
    }
    if (!Number.isInteger(maxQueue) || maxQueue < 0) {
      throw new RangeError('maxQueue must be an integer >= 0');
    }
  }

  /** Runs `task` when a slot is free; rejects without waiting when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // acquire() runs synchronously up to its decision, so the admission order is the call order.
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  stats(): SemaphoreStats {
    return {
      active: this.active,
      queued: this.waiters.length,
      maxConcurrent: this.maxConcurrent,
      maxQueue: this.maxQueue,
    };
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.maxQueue) return Promise.reject(this.overloaded(this.stats()));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    // Hand the slot straight to the next waiter (active stays the same) so a new caller arriving
    // in between cannot overtake the queue.
    if (next === undefined) this.active--;
    else next();
  }
}
