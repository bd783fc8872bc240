/**
 * The OTLP logs sink against a real HTTP receiver and real Postgres: the receiver fails its first
 * posts and is restarted once mid-stream while appends go on; after dropping the seqs it already
 * stored (a batch in flight can come twice, at least once), it holds every record exactly once, in
 * seq order, each body the record as the log holds it. The sink keeps its own position and lag.
 */
import { OtlpLogsReceiver, waitFor } from '@tr4ction/testing';
import { sinkFixture } from '../testing/sink-fixture';
import { OTLP_LOGS_SINK_NAME, OtlpLogsSink } from './otlp-logs-sink';

describe(OtlpLogsSink.name, () => {
  const fixture = sinkFixture(
    OTLP_LOGS_SINK_NAME,
    () => new OtlpLogsReceiver(3),
    (h, receiver) =>
      new OtlpLogsSink(
        h.writer,
        {
          // A bare origin: the sink posts to its /v1/logs.
          OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-tenant=compliance%20team',
          OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: 1000,
          AUDIT_OTLP_LOGS_BATCH: 7,
          AUDIT_OTLP_LOGS_RETRY_MS: 20,
          AUDIT_OTLP_LOGS_MAX_RETRY_MS: 60_000,
        },
        h.metrics,
        h.logger,
      ),
  );
  const { newSink, failedDeliveries, lag, acked } = fixture;
  /** Seqs of every acknowledged post, in the order they came. */
  const received = () => fixture.receiver().posts.flat();
  const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('delivers every record once after dedupe by seq, in seq order, through failed posts and a receiver restarted mid-stream', async () => {
    const h = fixture.harness();
    const receiver = fixture.receiver();
    await h.append(30);
    const sink = newSink();
    await waitFor(async () => receiver.stored.size >= 14 || undefined, { timeoutMs: 10_000, what: 'two batches delivered' });
    expect(await failedDeliveries()).toBeGreaterThanOrEqual(3);
    expect(receiver.refused).toBe(3);

    await fixture.outage(20);

    await waitFor(async () => receiver.stored.size === 50 || undefined, { timeoutMs: 20_000, what: 'all 50 records delivered' });
    expect(receiver.storedSeqs).toEqual(oneToN(50));
    // At least once, in order: each post is a contiguous run that starts no later than the next seq not yet seen.
    let seen = 0;
    for (const post of receiver.posts) {
      expect(post).toEqual(Array.from({ length: post.length }, (_, i) => post[0] + i));
      expect(post[0]).toBeLessThanOrEqual(seen + 1);
      seen = Math.max(seen, post[post.length - 1]);
    }
    // The bodies are the log's records, hash and all.
    expect([...receiver.stored.values()]).toEqual(await h.records());
    expect([...receiver.paths]).toEqual(['/v1/logs']);
    expect(receiver.lastHeaders['x-tenant']).toBe('compliance team');
    await waitFor(async () => (await acked()) === 50 || undefined, { timeoutMs: 5_000, what: 'the position at the head' });
    await waitFor(async () => (await lag()) === 0 || undefined, { timeoutMs: 5_000, what: 'no lag once caught up' });
    await sink.stop();
  });

  it('resumes from its acknowledged seq after a restart, without resending what was acknowledged', async () => {
    const receiver = fixture.receiver();
    const before = received().length;
    await fixture.harness().append(12);
    newSink();
    await waitFor(async () => receiver.stored.size === 62 || undefined, { timeoutMs: 10_000, what: 'the 12 new records delivered' });
    expect(received().slice(before)).toEqual(oneToN(62).slice(50));
    expect(receiver.storedSeqs).toEqual(oneToN(62));
  });
});
