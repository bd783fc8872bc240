/**
 * A real OTLP/HTTP trace receiver for tests: an HTTP server on 127.0.0.1 that accepts
 * `POST /v1/traces` in http/protobuf or http/json (gzip or not), decodes every span and keeps it.
 * Point a process at it with `OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { waitFor } from '../wait-for';
import { decodeOtlpTracesJson } from './otlp-json.decoder';
import { decodeOtlpTracesProtobuf } from './otlp-protobuf.decoder';
import type { OtlpSpan } from './otlp-span.types';

export interface OtlpExportRequest {
  encoding: 'protobuf' | 'json';
  spans: number;
}

export class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  readonly requests: OtlpExportRequest[] = [];
  /** Bodies that could not be decoded: a test should expect none. */
  readonly rejected: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void receiver.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (exporters append /v1/traces). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  trace(traceId: string): OtlpSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  /** Waits until `probe` over the spans received so far returns a value. */
  async waitFor<T>(probe: (spans: OtlpSpan[]) => T | undefined | false, options: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    return waitFor(() => probe(this.spans), { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 100, what: options.what ?? 'spans at the OTLP receiver' });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/traces')) {
      res.writeHead(404).end();
      return;
    }
    const type = String(req.headers['content-type'] ?? '');
    const json = type.includes('json');
    try {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const spans = json ? decodeOtlpTracesJson(JSON.parse(body.toString('utf8'))) : decodeOtlpTracesProtobuf(body);
      this.spans.push(...spans);
      this.requests.push({ encoding: json ? 'json' : 'protobuf', spans: spans.length });
      // An empty ExportTraceServiceResponse: full success.
      if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    } catch (err) {
      this.rejected.push(err instanceof Error ? err.message : String(err));
      res.writeHead(400).end();
    }
  }
}
