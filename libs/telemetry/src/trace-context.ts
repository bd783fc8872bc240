/**
 * W3C trace context across NATS: the same propagator that HTTP uses writes `traceparent` into
 * message headers, and consumers continue the trace from them.
 */
import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span, type TextMapGetter, type TextMapSetter, type Attributes } from '@opentelemetry/api';

export interface HeaderBag {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

const setter: TextMapSetter<HeaderBag> = { set: (carrier, key, value) => carrier.set(key, value) };
const getter: TextMapGetter<HeaderBag> = {
  get: (carrier, key) => carrier.get(key),
  keys: () => ['traceparent', 'tracestate'],
};

export function injectTraceHeaders(carrier: HeaderBag, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier, setter);
}

export function extractTraceContext(carrier: HeaderBag): Context {
  return propagation.extract(context.active(), carrier, getter);
}

/** Plain-object adapter, for headers stored as JSON (the outbox keeps them so the relay can link). */
export function recordHeaderBag(record: Record<string, string>): HeaderBag {
  return { get: (k) => record[k], set: (k, v) => (record[k] = v) };
}

export const INVALID_TRACE_ID = '00000000000000000000000000000000';

export interface ActiveTrace {
  trace_id: string;
  span_id: string;
}

export function currentTrace(): ActiveTrace {
  const sc = trace.getActiveSpan()?.spanContext();
  return { trace_id: sc?.traceId ?? INVALID_TRACE_ID, span_id: sc?.spanId ?? '0000000000000000' };
}

const tracer = () => trace.getTracer('tr4ction');

/** Runs `fn` in a new span (a child of `parent` or of the active context) and ends it either way. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind, context, trace };
export type { Context, Span };
