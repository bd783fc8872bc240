/**
 * Refused audit reads, collapsed (see WindowedAuditRecorder): one AuditLogQueried failure per
 * caller, endpoint and window (AUDIT_REFUSAL_WINDOW_SECONDS) with the first request's filters, where
 * it came from, the `count` and the first and last instants.
 */
import type { RefusedAuditReadReason, RefusedAuditReadRequest } from '@tr4ction/contracts';
import { RPC } from '@tr4ction/contracts';
import { WindowedAuditRecorder, type Collapsed, type Occurrence } from './windowed-audit.recorder';

export {
  MAX_OPEN_WINDOWS,
  MAX_REPORTS_IN_FLIGHT as MAX_REFUSAL_REPORTS_IN_FLIGHT,
  REPORT_TIMEOUT_MS as REFUSAL_REPORT_TIMEOUT_MS,
} from './windowed-audit.recorder';

export interface Refusal extends Occurrence {
  /** Who was refused, e.g. `user:<id>`: the window is per caller and endpoint. */
  caller: string;
  endpoint: RefusedAuditReadRequest['endpoint'];
  query: Record<string, unknown>;
  reason: RefusedAuditReadReason;
}

export class AuditRefusalRecorder extends WindowedAuditRecorder<Refusal, typeof RPC.audit.refusedRead> {
  protected readonly label = 'refused audit read';

  protected report(refusal: Refusal, collapsed: Collapsed): { pattern: typeof RPC.audit.refusedRead; data: RefusedAuditReadRequest } {
    return { pattern: RPC.audit.refusedRead, data: { endpoint: refusal.endpoint, query: refusal.query, reason: refusal.reason, ...collapsed } };
  }
}
