/**
 * The webhook sink against a real HTTP receiver and real Postgres: the receiver fails its first
 * deliveries and dies once mid-stream, appends go on meanwhile, and it still receives every record
 * exactly once, in seq order, each body's signature verified; a restarted sink resumes from the
 * acknowledged seq in Postgres.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AuditRecord } from '@tr4ction/audit-chain';
import { waitFor } from '@tr4ction/testing';
import { sinkFixture, type SinkReceiver } from '../testing/sink-fixture';
import { SIGNATURE_HEADER, verifyBody } from './webhook-signature';
import { SINK_NAME, WebhookSink } from './webhook-sink';

const SECRET = randomBytes(32).toString('hex');

class Receiver implements SinkReceiver {
  readonly seqs: number[] = [];
  badSignatures = 0;
  requests = 0;
  private server?: Server;
  port = 0;

  constructor(private failFirst: number) {}

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const body = Buffer.concat(chunks);
        if (this.failFirst > 0) {
          this.failFirst--;
          res.writeHead(500).end();
          return;
        }
        if (!verifyBody(SECRET, body, req.headers[SIGNATURE_HEADER] as string | undefined)) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        const { records } = JSON.parse(body.toString('utf8')) as { records: AuditRecord[] };
        this.seqs.push(...records.map((r) => r.seq));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** Dies: stops listening and drops every open connection. */
  async die(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe(WebhookSink.name, () => {
  const fixture = sinkFixture(
    SINK_NAME,
    () => new Receiver(3),
    (h, receiver) =>
      new WebhookSink(
        h.writer,
        {
          AUDIT_WEBHOOK_URL: `http://127.0.0.1:${receiver.port}/audit`,
          AUDIT_WEBHOOK_SECRET: SECRET,
          AUDIT_WEBHOOK_BATCH: 7,
          AUDIT_WEBHOOK_TIMEOUT_MS: 1000,
          AUDIT_WEBHOOK_RETRY_MS: 20,
          AUDIT_WEBHOOK_MAX_RETRY_MS: 60_000,
        },
        h.metrics,
        h.logger,
      ),
  );
  const { newSink, failedDeliveries, lag, acked } = fixture;
  const head = async () => Number((await fixture.harness().owner.query(`SELECT max(seq) AS s FROM audit.audit_log_v1`))[0].s);

  it('delivers every record in order, exactly once, through failures and a receiver that dies mid-stream', async () => {
    const receiver = fixture.receiver();
    await fixture.harness().append(30);
    const sink = newSink();
    await waitFor(async () => receiver.seqs.length >= 14 || undefined, { timeoutMs: 10_000, what: 'two batches delivered' });
    expect(await failedDeliveries()).toBeGreaterThanOrEqual(3);

    await fixture.outage(20);

    await waitFor(async () => receiver.seqs.length === 50 || undefined, { timeoutMs: 20_000, what: 'all 50 records delivered' });
    expect(receiver.seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(receiver.badSignatures).toBe(0);
    await waitFor(async () => (await acked()) === 50 || undefined, { timeoutMs: 5_000, what: 'the position at the head' });
    await waitFor(async () => (await lag()) === 0 || undefined, { timeoutMs: 5_000, what: 'no lag once caught up' });
    await sink.stop();
  });

  it('resumes from the acknowledged seq after a restart, without resending what was acknowledged', async () => {
    const receiver = fixture.receiver();
    await fixture.harness().append(12);
    newSink();
    await waitFor(async () => receiver.seqs.length === 62 || undefined, { timeoutMs: 10_000, what: 'the 12 new records delivered' });
    expect(receiver.seqs).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
    // The position is saved after the receiver answered, so it follows the delivery by a moment.
    const headSeq = await head();
    await waitFor(async () => (await acked()) === headSeq || undefined, { timeoutMs: 5_000, what: 'the position at the head' });
  });
});
