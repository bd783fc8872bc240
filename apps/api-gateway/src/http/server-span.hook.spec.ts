/**
 * The gateway's HTTP server spans on a real Fastify server over loopback, with the OpenTelemetry
 * SDK's in-memory exporter (an OpenTelemetry SDK part, not a fake): named by route, continuing the
 * caller's trace, and active in the handler even when the body arrived on later socket events.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { installServerSpans } from './server-span.hook';

describe('installServerSpans', () => {
  const exporter = new InMemorySpanExporter();
  let app: FastifyInstance;
  let base: string;
  let port: number;
  /** The span active when the handler ran, per request. */
  const seenInHandler: Array<string | undefined> = [];

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    app = Fastify();
    installServerSpans(app);
    app.post('/items/:id', async (req) => {
      // An await before looking: the context must survive the handler's own async steps too.
      await new Promise((resolve) => setImmediate(resolve));
      seenInHandler.push(trace.getActiveSpan()?.spanContext().spanId);
      return { got: (req.body as { n: number }).n };
    });
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
    context.disable();
    trace.disable();
    propagation.disable();
  });

  beforeEach(() => {
    exporter.reset();
    seenInHandler.length = 0;
  });

  /** The request's span once its answer is out (onResponse runs just after the client has it). */
  async function finishedSpans(count: number) {
    const deadline = Date.now() + 5_000;
    while (exporter.getFinishedSpans().length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} finished spans, have ${exporter.getFinishedSpans().length}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return exporter.getFinishedSpans();
  }

  /**
   * A POST whose body is sent after its headers, on a later packet: the body's socket events run
   * outside the request's context, which the span must survive. Resolves the raw answer.
   */
  function postBodyLater(path: string, headers: Record<string, string>, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      let answer = '';
      socket.on('data', (d: Buffer) => {
        answer += d.toString();
        if (answer.includes('\r\n\r\n{')) socket.end();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      const head = Object.entries({ host: 'localhost', 'content-type': 'application/json', 'content-length': String(body.length), ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
      setTimeout(() => socket.write(body), 50);
    });
  }

  it('names the span by route, never by the raw URL, continues the caller trace and is active in the handler after the body', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await postBodyLater('/items/secret-id-123?token=abc', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, JSON.stringify({ n: 7 }));
    expect(answer).toContain('{"got":7}');
    const [span] = await finishedSpans(1);
    expect(span.name).toBe('POST /items/:id');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({ 'http.route': '/items/:id', 'http.request.method': 'POST', 'http.response.status_code': 200 });
    expect(JSON.stringify(span.attributes)).not.toMatch(/secret-id-123|token=abc/);
    expect(seenInHandler).toEqual([span.spanContext().spanId]);
  });

  it('starts a trace without traceparent and marks a 5xx as an error, a 404 not; a probe makes no span', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const spans = await finishedSpans(2);
    const boom = spans.find((s) => s.name === 'GET /boom');
    const unrouted = spans.find((s) => s.name === 'GET');
    expect(boom?.status.code).toBe(2);
    expect(boom?.parentSpanContext).toBeUndefined();
    expect(unrouted?.attributes['http.response.status_code']).toBe(404);
    expect(unrouted?.status.code).toBe(0);
    expect(spans.map((s) => s.name)).not.toContain('GET /health');
  });
});
