import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { REDACTED } from '../redaction';
import { RedactingSpanExporter } from './redacting-span-exporter';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

function setup() {
  const inner = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new RedactingSpanExporter(inner))] });
  return { tracer: provider.getTracer('spec'), inner, provider };
}

describe(RedactingSpanExporter.name, () => {
  it('exports no secret from attributes, events, links or status, and keeps ids and structure', async () => {
    const { tracer, inner, provider } = setup();
    const linked = tracer.startSpan('linked', {}, ROOT_CONTEXT);
    linked.end();
    const parent = tracer.startSpan('parent', {}, ROOT_CONTEXT);
    const span = tracer.startSpan(
      `login ${JWT}`,
      {
        attributes: {
          'http.request.header.authorization': 'Bearer abc.def',
          password: 'Hunter2!Hunter2!',
          'db.statement': `SELECT $1 -- ${JWT}`,
          'http.route': '/auth/login',
          count: 2,
        },
        links: [{ context: linked.spanContext(), attributes: { note: `rt_${'A'.repeat(43)}` } }],
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    span.addEvent('exception', { 'exception.message': `bad token ${JWT}`, client_secret: 'sk_xxxxxxxxxxxxxxxxxxxxxxxxxxx' });
    span.setStatus({ code: 2, message: `refused $argon2id$v=19$m=19456,t=2,p=1$abc$def` });
    span.end();
    parent.end();
    await provider.forceFlush();
    const out = inner.getFinishedSpans().find((s) => s.spanContext().spanId === span.spanContext().spanId);
    expect(out).toBeDefined();
    const text = JSON.stringify({
      name: out?.name,
      attributes: out?.attributes,
      events: out?.events,
      links: out?.links.map((l) => l.attributes),
      status: out?.status,
    });
    for (const secret of [JWT, 'Hunter2!', 'abc.def', 'rt_AAAA', 'sk_xxxx', '$argon2id$']) expect(text).not.toContain(secret);
    expect(out?.attributes).toMatchObject({ password: REDACTED, 'http.route': '/auth/login', count: 2 });
    expect(out?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(out?.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(out?.links[0].context.spanId).toBe(linked.spanContext().spanId);
  });
});
