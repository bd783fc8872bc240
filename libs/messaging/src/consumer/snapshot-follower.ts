/**
 * Keeps one replica's copy of a small, versioned piece of state (the runtime settings) current,
 * the way the gateway's token state follows revocations: core-NATS subscriptions to the event
 * subjects (every replica sees every event, unlike a durable consumer's queue), and each event
 * reloads the snapshot from its owner rather than patching the copy, so events that arrive out of
 * order cannot leave it wrong. Snapshots only move forward by version. A reconnect or an
 * unreadable message reloads too, and so does a periodic resync, the net for anything core NATS
 * dropped while connected.
 */
import type { NatsConnection } from 'nats';
import type { Logger } from '@tr4ction/telemetry';
import { CoalescingReloader } from './coalescing-reloader';
import { watchEvents, type EventWatch, type EventWatchSecurity } from './event-watch';

export interface VersionedSnapshot {
  version: number;
}

export interface SnapshotFollowerOptions<T extends VersionedSnapshot> {
  /** What is followed, for log lines. */
  what: string;
  nats: NatsConnection;
  subjects: readonly string[];
  load: () => Promise<T>;
  /** Called with every snapshot that moves the copy forward (or the first one). */
  onChange?: (snapshot: T, previous: T | undefined) => void;
  resyncMs: number;
  logger: Logger;
  /** Events are authenticated before they trigger anything. */
  security: EventWatchSecurity;
}

export class SnapshotFollower<T extends VersionedSnapshot> {
  private snapshot?: T;
  private watch?: EventWatch;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly reloader: CoalescingReloader;

  constructor(private readonly options: SnapshotFollowerOptions<T>) {
    this.reloader = new CoalescingReloader(
      async () => this.offer(await options.load()),
      (err) => options.logger.warn({ err_name: (err as Error).name, err: (err as Error).message }, `cannot load ${options.what} yet; retrying`),
    );
  }

  current(): T | undefined {
    return this.snapshot;
  }

  /** Subscribes first, then loads until the first snapshot is in, so no change falls in between. */
  async start(): Promise<void> {
    this.watch = watchEvents(
      this.options.nats,
      this.options.subjects,
      {
        onEvent: () => void this.reloader.trigger(),
        onResync: (reason) => {
          this.options.logger.info({ reason }, `reloading ${this.options.what}`);
          void this.reloader.trigger();
        },
      },
      this.options.security,
    );
    await this.watch.ready;
    let delay = 200;
    while (!this.stopped && !(await this.reloader.trigger())) {
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
    this.schedule();
  }

  /** Reloads now (resolves true when the load succeeded). */
  reload(): Promise<boolean> {
    return this.reloader.trigger();
  }

  /** Takes a snapshot learned another way (the reply to this replica's own change): applied at once. */
  offer(snapshot: T): void {
    const previous = this.snapshot;
    if (previous && snapshot.version < previous.version) return;
    this.snapshot = snapshot;
    if (!previous || snapshot.version > previous.version) this.options.onChange?.(snapshot, previous);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.reloader.stop();
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.reloader.trigger().finally(() => this.schedule()), this.options.resyncMs);
    this.timer.unref();
  }
}
