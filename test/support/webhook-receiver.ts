/**
 * A SIEM's side of the audit webhook, as a third party would write it from the docs alone: checks
 * each body's HMAC signature, stores records by seq (ignoring seqs it already has: delivery is at
 * least once) and can go down and come back on the same port.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class WebhookReceiver {
  /** Seqs in the order first stored. */
  readonly seqs: number[] = [];
  private readonly stored = new Set<number>();
  badSignatures = 0;
  /** Seqs that arrived below one already stored, other than a resent batch: out of order. */
  outOfOrder = 0;
  private server?: Server;
  port = 0;

  constructor(private readonly secret: string) {}

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (!this.signed(body, req.headers['x-tr4ction-signature'])) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        const { records } = JSON.parse(body.toString('utf8')) as { records: Array<{ seq: number }> };
        for (const { seq } of records) {
          if (this.stored.has(seq)) continue;
          if (seq !== this.seqs.length + 1) this.outOfOrder++;
          this.stored.add(seq);
          this.seqs.push(seq);
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** Goes down: stops listening and drops its open connections, so deliveries are refused. */
  async die(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get highest(): number {
    return this.seqs.length;
  }

  private signed(body: Buffer, presented: string | string[] | undefined): boolean {
    if (typeof presented !== 'string') return false;
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`);
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
