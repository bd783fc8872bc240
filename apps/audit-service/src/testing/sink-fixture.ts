/**
 * What the integration specs of the durable sinks (webhook, OTLP logs) share: an AuditHarness and a
 * real receiver started before the spec and dropped after it, the sinks it starts stopped, the sink's
 * metrics and acknowledged position, and the receiver outage both specs go through mid-stream.
 */
import { waitFor } from '@tr4ction/testing';
import { AuditHarness } from './audit-harness';

/** A receiver a spec can stop (dropping open connections) and start again on the same port. */
export interface SinkReceiver {
  readonly port: number;
  listen(port?: number): Promise<void>;
  die(): Promise<void>;
}

interface Sink {
  start(): void;
  stop(): Promise<void>;
}

export interface SinkFixture<R extends SinkReceiver, S extends Sink> {
  harness(): AuditHarness;
  receiver(): R;
  /** A new sink, started; stopped after the spec. */
  newSink(): S;
  /** Failed deliveries of this sink so far. */
  failedDeliveries(): Promise<number>;
  /** The sink's lag gauge, undefined before its first pass. */
  lag(): Promise<number | undefined>;
  /** The seq the sink's position says was acknowledged. */
  acked(): Promise<number>;
  /** The receiver dies, `appended` more records are written meanwhile, deliveries fail and lag grows; then it listens again. */
  outage(appended: number): Promise<void>;
}

/** Registers the spec's beforeAll/afterAll: call at the top of its describe. */
export function sinkFixture<R extends SinkReceiver, S extends Sink>(
  sinkName: string,
  makeReceiver: () => R,
  makeSink: (h: AuditHarness, receiver: R) => S,
): SinkFixture<R, S> {
  let h: AuditHarness;
  let receiver: R;
  const sinks: S[] = [];

  const metricOf = async (metric: { get(): Promise<{ values: Array<{ value: number; labels: Record<string, unknown> }> }> }, labels: Record<string, string>) =>
    (await metric.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  const failedDeliveries = async () => (await metricOf(h.metrics.sinkDeliveries, { sink: sinkName, result: 'failed' })) ?? 0;
  const lag = async () => metricOf(h.metrics.sinkLag, { sink: sinkName });

  beforeAll(async () => {
    h = await AuditHarness.start();
    receiver = makeReceiver();
    await receiver.listen();
  });

  afterAll(async () => {
    for (const s of sinks) await s.stop();
    await receiver.die().catch(() => undefined);
    await h?.stop();
  });

  return {
    harness: () => h,
    receiver: () => receiver,
    newSink: () => {
      const sink = makeSink(h, receiver);
      sinks.push(sink);
      sink.start();
      return sink;
    },
    failedDeliveries,
    lag,
    acked: async () => Number((await h.owner.query(`SELECT acked_seq FROM audit.sink_positions_v1 WHERE sink = $1`, [sinkName]))[0]?.acked_seq ?? 0),
    outage: async (appended) => {
      await receiver.die();
      const failedBefore = await failedDeliveries();
      // The log keeps growing while the receiver is away: the append never waits for the sink.
      await h.append(appended);
      await waitFor(async () => (await failedDeliveries()) >= failedBefore + 2 || undefined, {
        timeoutMs: 10_000,
        what: 'deliveries failing while the receiver is down',
      });
      await waitFor(async () => ((await lag()) ?? 0) > 0 || undefined, { timeoutMs: 5_000, what: 'a lag while the receiver is down' });
      await receiver.listen(receiver.port);
    },
  };
}
