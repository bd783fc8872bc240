/**
 * Concurrency limits on the heavy audit reads (/audit/verify walks the whole chain, an export
 * streams every match): each holds an audit-service worker and a Postgres connection for seconds or
 * minutes, so one auditor looping on them could starve the projector. Per caller
 * (AUDIT_HEAVY_READS_PER_CALLER, 429 beyond: that caller waits for its own) and in total
 * (AUDIT_HEAVY_READS_MAX, 503 beyond: the gateway is busy), both with Retry-After. Counted per
 * gateway replica: the total across the platform is replicas x AUDIT_HEAVY_READS_MAX.
 */
import { RateLimitedError, RetryLaterError } from '../rate-limit/rate-limited.error';

export const HEAVY_READ_RETRY_SECONDS = 5;

export class AuditReadSlots {
  private total = 0;
  private readonly perCaller = new Map<string, number>();

  constructor(
    private readonly perCallerMax: number,
    private readonly totalMax: number,
  ) {}

  /** Takes a slot for `caller` or throws (429 / 503); the returned function gives it back, once. */
  acquire(caller: string): () => void {
    const mine = this.perCaller.get(caller) ?? 0;
    if (mine >= this.perCallerMax) throw new RateLimitedError(HEAVY_READ_RETRY_SECONDS);
    if (this.total >= this.totalMax)
      throw new RetryLaterError('SERVICE_UNAVAILABLE', 'Too many audit verifications and exports are running; retry shortly', HEAVY_READ_RETRY_SECONDS);
    this.total += 1;
    this.perCaller.set(caller, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
    };
  }

  get inUse(): number {
    return this.total;
  }
}
