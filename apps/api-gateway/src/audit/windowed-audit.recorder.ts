/**
 * Collapses repeated audited occurrences so a caller cannot flood the append-only log: the first
 * occurrence of a key (caller and route) opens a window; every later one in it only counts; when
 * the window closes, one record is sent to audit-service with the first occurrence, the `count` and
 * the first and last instants. So 10,000 occurrences are one record per key and window.
 *
 * Windows are kept in this replica's memory (each replica records its own): with R replicas a
 * caller adds at most R records per key and window. Memory is bounded: past MAX_OPEN_WINDOWS keys
 * the occurrence is logged instead of recorded. At shutdown every open window is recorded at once
 * (flushAll), so a restart loses no count.
 *
 * Reports are fire-and-forget with a short timeout: the answer never waits for audit-service, and
 * the reports in flight are capped, so an audit-service outage cannot pile up memory.
 */
import type { RequestMeta, RpcPattern, RpcRequest } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';

export const REPORT_TIMEOUT_MS = 2000;
export const MAX_REPORTS_IN_FLIGHT = 64;
export const MAX_OPEN_WINDOWS = 10_000;

/** One occurrence: who (the window is per caller and endpoint), where, and the request's origin. */
export interface Occurrence {
  caller: string;
  endpoint: string;
  meta: RequestMeta;
}

/** What a closed window collapsed. */
export interface Collapsed {
  count: number;
  first_at: string;
  last_at: string;
}

interface OpenWindow<T> {
  first: T;
  count: number;
  firstAt: Date;
  lastAt: Date;
  timer: NodeJS.Timeout;
}

export interface WindowOptions {
  windowMs: number;
  now?: () => Date;
}

export abstract class WindowedAuditRecorder<T extends Occurrence, P extends RpcPattern> {
  private readonly open = new Map<string, OpenWindow<T>>();
  private readonly sending = new Set<Promise<void>>();
  private readonly now: () => Date;

  /** How log lines name an occurrence, e.g. `refused audit read`. */
  protected abstract readonly label: string;
  /** The RPC pattern and payload that record a closed window. */
  protected abstract report(first: T, collapsed: Collapsed): { pattern: P; data: RpcRequest<P> };

  constructor(
    private readonly rpc: Pick<RpcClient, 'send'>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly options: WindowOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  note(occurrence: T): void {
    const key = `${occurrence.caller} ${occurrence.endpoint}`;
    const window = this.open.get(key);
    if (window) {
      window.count += 1;
      window.lastAt = this.now();
      return;
    }
    if (this.open.size >= MAX_OPEN_WINDOWS) {
      this.logger.warn({ endpoint: occurrence.endpoint, request_id: occurrence.meta.request_id }, `${this.label} not recorded: too many callers at once`);
      return;
    }
    const at = this.now();
    const timer = setTimeout(() => this.close(key), this.options.windowMs);
    timer.unref();
    this.open.set(key, { first: occurrence, count: 1, firstAt: at, lastAt: at, timer });
  }

  /** Records every open window now (shutdown), and waits for the reports in flight. */
  async flushAll(): Promise<void> {
    for (const key of [...this.open.keys()]) this.close(key);
    await Promise.allSettled([...this.sending]);
  }

  get openWindows(): number {
    return this.open.size;
  }

  private close(key: string): void {
    const window = this.open.get(key);
    if (!window) return;
    this.open.delete(key);
    clearTimeout(window.timer);
    const { first, count } = window;
    const logged = { endpoint: first.endpoint, count, request_id: first.meta.request_id };
    if (this.sending.size >= MAX_REPORTS_IN_FLIGHT) {
      this.logger.warn(logged, `${this.label} not recorded: too many reports in flight`);
      return;
    }
    const { pattern, data } = this.report(first, { count, first_at: window.firstAt.toISOString(), last_at: window.lastAt.toISOString() });
    const sent: Promise<void> = this.rpc
      .send(pattern, first.meta, data, REPORT_TIMEOUT_MS)
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ ...logged, err_name: (err as Error).name, err: (err as Error).message }, `${this.label} not recorded`),
      )
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }
}
