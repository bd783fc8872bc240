/**
 * A real OTLP/HTTP logs receiver (JSON encoding) for the audit log's OTLP sink: stores each log
 * record's body (the audit record) by its `tr4ction.audit.seq` attribute, dropping seqs it already
 * has (delivery is at least once), keeps every acknowledged post's seqs as they came, can refuse its
 * first posts and can go down and come back on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface LogRecordJson {
  body?: { stringValue?: string };
  attributes?: Array<{ key: string; value: { intValue?: string | number; stringValue?: string } }>;
}

export type ReceivedAuditRecord = { seq: number } & Record<string, unknown>;

export class OtlpLogsReceiver {
  /** Each acknowledged post's seqs, as they came (resent ones included). */
  readonly posts: number[][] = [];
  readonly stored = new Map<number, ReceivedAuditRecord>();
  readonly paths = new Set<string>();
  lastHeaders: IncomingHttpHeaders = {};
  /** Posts answered 503 (the first `failFirst`). */
  refused = 0;
  private server?: Server;
  port = 0;

  constructor(private failFirst = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The stored seqs in the order they were first stored. */
  get storedSeqs(): number[] {
    return [...this.stored.keys()];
  }

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.paths.add(req.url ?? '');
        this.lastHeaders = req.headers;
        if (this.failFirst > 0) {
          this.failFirst--;
          this.refused++;
          res.writeHead(503).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceLogs?: Array<{ scopeLogs?: Array<{ logRecords?: LogRecordJson[] }> }> };
        const logs = (body.resourceLogs ?? []).flatMap((r) => (r.scopeLogs ?? []).flatMap((s) => s.logRecords ?? []));
        const seqs: number[] = [];
        for (const log of logs) {
          const seq = Number(log.attributes?.find((a) => a.key === 'tr4ction.audit.seq')?.value.intValue);
          seqs.push(seq);
          if (!this.stored.has(seq)) this.stored.set(seq, JSON.parse(log.body?.stringValue ?? '{}') as ReceivedAuditRecord);
        }
        this.posts.push(seqs);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** Goes down: stops listening and drops every open connection. */
  async die(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
