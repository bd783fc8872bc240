/**
 * Streams the audit log to a SIEM webhook: every record, in seq order, at least once. Each round
 * takes a transaction-scoped advisory lock (one deliverer across replicas, so order holds), reads
 * the acknowledged seq from `sink_positions_v1`, POSTs the next batch with an HMAC-signed body and
 * moves the position only on a 2xx, in the same transaction. A crash anywhere resends at most the
 * batch in flight. Failures back off exponentially (with jitter) up to a minute.
 *
 * It runs beside the append, never inside it: a receiver that is down delays nothing but itself
 * (one pooled connection is held for at most the delivery timeout).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_ROW_COLUMNS, auditRowToRecord, type AuditRow } from '@tr4ction/audit-chain';
import type { Logger } from '@tr4ction/telemetry';
import type { AuditMetrics } from '../metrics/audit-metrics';
import { SIGNATURE_HEADER, signBody } from './webhook-signature';

export const SINK_NAME = 'webhook';
const SINK_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('tr4ction-audit-sink-webhook')) AS locked`;
const MAX_BACKOFF_MS = 60_000;
const IDLE_POLL_MS = 250;

export interface WebhookSinkConfig {
  AUDIT_WEBHOOK_URL?: string;
  AUDIT_WEBHOOK_SECRET?: string;
  AUDIT_WEBHOOK_BATCH: number;
  AUDIT_WEBHOOK_TIMEOUT_MS: number;
  AUDIT_WEBHOOK_RETRY_MS: number;
}

/** A misconfigured sink stops the service at start rather than silently sending nothing or unsigned bodies. */
export function webhookConfigProblems(config: WebhookSinkConfig): string[] {
  if (!config.AUDIT_WEBHOOK_URL) return [];
  const problems: string[] = [];
  if (!config.AUDIT_WEBHOOK_SECRET || config.AUDIT_WEBHOOK_SECRET.length < 32) problems.push('AUDIT_WEBHOOK_SECRET (at least 32 characters) is required with AUDIT_WEBHOOK_URL');
  if (!/^https?:\/\//.test(config.AUDIT_WEBHOOK_URL)) problems.push('AUDIT_WEBHOOK_URL must be an http(s) URL');
  return problems;
}

type Round = 'delivered' | 'idle' | 'busy' | 'failed';

export class WebhookSink {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: WebhookSinkConfig & { AUDIT_WEBHOOK_URL: string; AUDIT_WEBHOOK_SECRET: string },
    private readonly metrics: AuditMetrics,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** One round: deliver the next batch if there is one. Exposed for tests. */
  async round(): Promise<Round> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = (await m.query(SINK_LOCK_SQL)) as Array<{ locked: boolean }>;
      if (!locked) return 'busy';
      const acked = await this.position(m);
      const rows: AuditRow[] = await m.query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [acked, this.config.AUDIT_WEBHOOK_BATCH]);
      await this.observeLag(m, acked);
      if (rows.length === 0) return 'idle';
      const records = rows.map(auditRowToRecord);
      const first = records[0].seq;
      const last = records[records.length - 1].seq;
      const ok = await this.post(JSON.stringify({ sink: SINK_NAME, first_seq: first, last_seq: last, records }), first, last);
      this.metrics.sinkDeliveries.inc({ sink: SINK_NAME, result: ok ? 'ok' : 'failed' });
      if (!ok) return 'failed';
      await m.query(`UPDATE audit.sink_positions_v1 SET acked_seq = $2, updated_at = now() WHERE sink = $1`, [SINK_NAME, last]);
      await this.observeLag(m, last);
      return 'delivered';
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let outcome: Round;
      try {
        outcome = await this.round();
      } catch (err) {
        // Postgres away: the same as a failed delivery (back off, never crash the service).
        this.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'audit webhook sink round failed; retrying');
        outcome = 'failed';
      }
      if (outcome === 'delivered') {
        this.failures = 0;
        continue;
      }
      if (outcome === 'failed') this.failures++;
      else this.failures = 0;
      await this.pause(outcome === 'failed' ? this.backoffMs() : IDLE_POLL_MS);
    }
  }

  private backoffMs(): number {
    const base = Math.min(MAX_BACKOFF_MS, this.config.AUDIT_WEBHOOK_RETRY_MS * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async position(m: EntityManager): Promise<number> {
    await m.query(`INSERT INTO audit.sink_positions_v1 (sink) VALUES ($1) ON CONFLICT (sink) DO NOTHING`, [SINK_NAME]);
    const rows: Array<{ acked_seq: string }> = await m.query(`SELECT acked_seq FROM audit.sink_positions_v1 WHERE sink = $1`, [SINK_NAME]);
    return Number(rows[0].acked_seq);
  }

  private async observeLag(m: EntityManager, acked: number): Promise<void> {
    const rows: Array<{ head: string | null }> = await m.query(`SELECT max(seq) AS head FROM audit.audit_log_v1`);
    this.metrics.sinkAckedSeq.set({ sink: SINK_NAME }, acked);
    this.metrics.sinkLag.set({ sink: SINK_NAME }, Math.max(0, Number(rows[0].head ?? 0) - acked));
  }

  /** True on a 2xx; anything else (status, timeout, refused connection) is a failed delivery. */
  private async post(body: string, first: number, last: number): Promise<boolean> {
    try {
      const res = await fetch(this.config.AUDIT_WEBHOOK_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(this.config.AUDIT_WEBHOOK_SECRET, body), 'x-tr4ction-seq-range': `${first}-${last}` },
        body,
        signal: AbortSignal.timeout(this.config.AUDIT_WEBHOOK_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      this.logger.warn({ status: res.status, first_seq: first, last_seq: last }, 'audit webhook refused a delivery; will retry');
      return false;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : 'unknown', first_seq: first, last_seq: last }, 'audit webhook delivery failed; will retry');
      return false;
    }
  }
}
