/**
 * W3C trace context across NATS: the same propagator that HTTP uses writes `traceparent` into
 * message headers, and consumers continue the trace from them.
 */
import {
  context,
  propagation,
  trace,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
  type Attributes,
} from '@opentelemetry/api';

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
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        markSpanFailed(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** The span context carried by headers, when they carry a valid one (for span links). */
export function spanContextFrom(carrier: HeaderBag): SpanContext | undefined {
  const sc = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier, getter));
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

/** Marks a span failed without recording the error's text (it may quote a value). */
export function markSpanFailed(span: Span, err: unknown): void {
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: err instanceof Error ? err.name : typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : 'error',
  });
}

export { SpanKind, context, trace, ROOT_CONTEXT };
export type { Context, Span, Link, SpanContext };
