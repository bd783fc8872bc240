/**
 * The receiver decodes what the OTLP/HTTP exporters send, in both encodings: the bodies are made
 * by the serializers the exporters themselves use (the exporters' HTTP transport loads through a
 * dynamic import that jest cannot run; the e2e suite uses the real exporters) and posted over
 * loopback HTTP inside this process.
 */
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpReceiver } from './otlp-receiver';

type Encoding = 'protobuf' | 'json';

async function post(url: string, spans: ReadableSpan[], encoding: Encoding): Promise<number> {
  const body = encoding === 'json' ? JsonTraceSerializer.serializeRequest(spans) : ProtobufTraceSerializer.serializeRequest(spans);
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' },
    body: body ? Buffer.from(body) : undefined,
  });
  return res.status;
}

describe(OtlpReceiver.name, () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(() => receiver.stop());

  async function exportWith(encoding: Encoding, service: string): Promise<{ traceId: string; parentId: string; childId: string; linkedId: string }> {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('spec-scope');
    const linked = tracer.startSpan('linked', {}, ROOT_CONTEXT);
    linked.end();
    const parent = tracer.startSpan(
      'GET /things',
      { kind: SpanKind.SERVER, attributes: { 'http.route': '/things', retries: 3, ok: true, ratio: 0.5, tags: ['a', 'b'] } },
      ROOT_CONTEXT,
    );
    const child = tracer.startSpan(
      'rpc.thing.get send',
      { kind: SpanKind.PRODUCER, links: [{ context: linked.spanContext(), attributes: { why: 'enqueued' } }] },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent('retry', { attempt: 2 });
    child.setStatus({ code: 2, message: 'Boom' });
    child.end();
    parent.end();
    await provider.forceFlush();
    expect(await post(receiver.url, exporter.getFinishedSpans(), encoding)).toBe(200);
    return {
      traceId: parent.spanContext().traceId,
      parentId: parent.spanContext().spanId,
      childId: child.spanContext().spanId,
      linkedId: linked.spanContext().spanId,
    };
  }

  it.each(['protobuf', 'json'] as const)('decodes http/%s: ids, parents, kinds, attributes, links, events and status', async (encoding) => {
    const service = `svc-${encoding}`;
    const ids = await exportWith(encoding, service);
    const spans = await receiver.waitFor((all) =>
      all.filter((s) => s.service === service).length === 3 ? all.filter((s) => s.service === service) : undefined,
    );
    expect(receiver.rejected).toEqual([]);
    expect(receiver.requests.some((r) => r.encoding === encoding)).toBe(true);
    const parent = spans.find((s) => s.spanId === ids.parentId);
    const child = spans.find((s) => s.spanId === ids.childId);
    expect(parent).toMatchObject({ traceId: ids.traceId, parentSpanId: '', name: 'GET /things', kind: 'server', scope: 'spec-scope' });
    expect(parent?.attributes).toEqual({ 'http.route': '/things', retries: 3, ok: true, ratio: 0.5, tags: ['a', 'b'] });
    expect(child).toMatchObject({ traceId: ids.traceId, parentSpanId: ids.parentId, kind: 'producer', status: { code: 2, message: 'Boom' } });
    expect(child?.links).toEqual([{ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: ids.linkedId, attributes: { why: 'enqueued' } }]);
    expect(child?.events).toEqual([{ name: 'retry', attributes: { attempt: 2 } }]);
  });

  it('rejects a body it cannot decode, and says so', async () => {
    const before = receiver.rejected.length;
    const res = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(receiver.rejected.length).toBe(before + 1);
    receiver.rejected.length = before;
  });
});
