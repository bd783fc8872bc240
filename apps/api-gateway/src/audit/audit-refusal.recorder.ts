/**
 * Collapses refused audit reads so a caller cannot flood the append-only log: the first refusal of
 * a caller at an endpoint opens a window (AUDIT_REFUSAL_WINDOW_SECONDS); every later refusal in it
 * only counts; when the window closes, one AuditLogQueried failure is recorded with the first
 * request's filters, where it came from, the `count` and the first and last instants. So a flood
 * of 10,000 refusals is one record per endpoint and window, not 10,000.
 *
 * Windows are kept in this replica's memory (each replica records its own refusals): with R
 * replicas a caller adds at most R records per endpoint and window. Memory is bounded: past
 * MAX_OPEN_WINDOWS callers the refusal is logged instead of recorded. At shutdown every open window
 * is recorded at once (flushAll), so a restart loses no count.
 *
 * Reports are fire-and-forget with a short timeout: the 403 never waits for audit-service, and the
 * reports in flight are capped, so an audit-service outage cannot pile up memory.
 */
import type { RefusedAuditReadReason, RefusedAuditReadRequest, RequestMeta } from '@tr4ction/contracts';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';

export const REFUSAL_REPORT_TIMEOUT_MS = 2000;
export const MAX_REFUSAL_REPORTS_IN_FLIGHT = 64;
export const MAX_OPEN_WINDOWS = 10_000;

export interface Refusal {
  /** Who was refused, e.g. `user:<id>`: the window is per caller and endpoint. */
  caller: string;
  endpoint: RefusedAuditReadRequest['endpoint'];
  query: Record<string, unknown>;
  reason: RefusedAuditReadReason;
  meta: RequestMeta;
}

interface OpenWindow {
  refusal: Refusal;
  count: number;
  firstAt: Date;
  lastAt: Date;
  timer: NodeJS.Timeout;
}

export interface RefusalRecorderOptions {
  windowMs: number;
  now?: () => Date;
}

export class AuditRefusalRecorder {
  private readonly open = new Map<string, OpenWindow>();
  private readonly sending = new Set<Promise<void>>();
  private readonly now: () => Date;

  constructor(
    private readonly rpc: Pick<RpcClient, 'send'>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly options: RefusalRecorderOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  note(refusal: Refusal): void {
    const key = `${refusal.caller} ${refusal.endpoint}`;
    const window = this.open.get(key);
    if (window) {
      window.count += 1;
      window.lastAt = this.now();
      return;
    }
    if (this.open.size >= MAX_OPEN_WINDOWS) {
      this.logger.warn({ endpoint: refusal.endpoint, request_id: refusal.meta.request_id }, 'refused audit read not recorded: too many callers refused at once');
      return;
    }
    const at = this.now();
    const timer = setTimeout(() => this.close(key), this.options.windowMs);
    timer.unref();
    this.open.set(key, { refusal, count: 1, firstAt: at, lastAt: at, timer });
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
    const { refusal } = window;
    if (this.sending.size >= MAX_REFUSAL_REPORTS_IN_FLIGHT) {
      this.logger.warn({ endpoint: refusal.endpoint, count: window.count, request_id: refusal.meta.request_id }, 'refused audit read not recorded: too many reports in flight');
      return;
    }
    const data: RefusedAuditReadRequest = {
      endpoint: refusal.endpoint,
      query: refusal.query,
      reason: refusal.reason,
      count: window.count,
      first_at: window.firstAt.toISOString(),
      last_at: window.lastAt.toISOString(),
    };
    const sent: Promise<void> = this.rpc
      .send<RefusedAuditReadRequest, { recorded: true }>(RPC.audit.refusedRead, refusal.meta, data, REFUSAL_REPORT_TIMEOUT_MS)
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ endpoint: refusal.endpoint, count: window.count, request_id: refusal.meta.request_id, err_name: (err as Error).name, err: (err as Error).message }, 'refused audit read not recorded'),
      )
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }
}
