/**
 * The durable audit sink: every record, in seq order, at least once, to one receiver. Each round
 * takes a transaction-scoped advisory lock (one deliverer per sink across replicas, so order holds),
 * reads the sink's acknowledged seq from `sink_positions_v1`, hands the next batch to the sink kind's
 * `deliver` and moves the position only when that says the receiver acknowledged it, in the same
 * transaction. A crash anywhere resends at most the batch in flight. Failures back off exponentially
 * (with jitter) up to the sink's longest delay (a minute by default).
 *
 * It runs beside the append, never inside it: a receiver that is down delays nothing but itself
 * (one pooled connection is held for at most the delivery timeout).
 *
 * A sink kind (webhook, OTLP logs) only says how a batch is sent and what counts as acknowledged.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_ROW_COLUMNS, auditRowToRecord, type AuditRecord, type AuditRow } from '@tr4ction/audit-chain';
import type { Logger } from '@tr4ction/telemetry';
import type { AuditMetrics } from '../metrics/audit-metrics';

const IDLE_POLL_MS = 250;

export interface DurableSinkOptions {
  /** Its row in sink_positions_v1, its metric label and its advisory lock. */
  name: string;
  batch: number;
  /** First retry delay after a failed delivery; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

type Round = 'delivered' | 'idle' | 'busy' | 'failed';

export abstract class DurableAuditSink {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private failures = 0;

  protected constructor(
    private readonly dataSource: DataSource,
    private readonly options: DurableSinkOptions,
    private readonly metrics: AuditMetrics,
    protected readonly logger: Logger,
  ) {}

  /** Sends one batch (seqs first..last, in order); true only when the receiver acknowledged all of it. Never throws. */
  protected abstract deliver(records: AuditRecord[], first: number, last: number): Promise<boolean>;

  get name(): string {
    return this.options.name;
  }

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
    const sink = this.options.name;
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('tr4ction-audit-sink-' || $1)) AS locked`, [sink])) as Array<{
        locked: boolean;
      }>;
      if (!locked) return 'busy';
      const acked = await this.position(m);
      const rows: AuditRow[] = await m.query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        acked,
        this.options.batch,
      ]);
      await this.observeLag(m, acked);
      if (rows.length === 0) return 'idle';
      const records = rows.map(auditRowToRecord);
      const first = records[0].seq;
      const last = records[records.length - 1].seq;
      const ok = await this.deliver(records, first, last);
      this.metrics.sinkDeliveries.inc({ sink, result: ok ? 'ok' : 'failed' });
      if (!ok) return 'failed';
      await m.query(`UPDATE audit.sink_positions_v1 SET acked_seq = $2, updated_at = now() WHERE sink = $1`, [sink, last]);
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
        this.logger.warn({ sink: this.options.name, err: err instanceof Error ? err.message : 'unknown' }, 'audit sink round failed; retrying');
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
    const base = Math.min(this.options.maxRetryMs, this.options.retryMs * 2 ** Math.min(this.failures - 1, 16));
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
    const sink = this.options.name;
    await m.query(`INSERT INTO audit.sink_positions_v1 (sink) VALUES ($1) ON CONFLICT (sink) DO NOTHING`, [sink]);
    const rows: Array<{ acked_seq: string }> = await m.query(`SELECT acked_seq FROM audit.sink_positions_v1 WHERE sink = $1`, [sink]);
    return Number(rows[0].acked_seq);
  }

  private async observeLag(m: EntityManager, acked: number): Promise<void> {
    const rows: Array<{ head: string | null }> = await m.query(`SELECT max(seq) AS head FROM audit.audit_log_v1`);
    this.metrics.sinkAckedSeq.set({ sink: this.options.name }, acked);
    this.metrics.sinkLag.set({ sink: this.options.name }, Math.max(0, Number(rows[0].head ?? 0) - acked));
  }
}
