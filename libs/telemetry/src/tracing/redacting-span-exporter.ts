/**
 * The backstop between every span and the wire: attribute values, event attributes, link
 * attributes and status messages pass through the same redaction as log lines, so an
 * instrumentation that records something it should not (a header, a query parameter, an error
 * message quoting a token) still exports no secret.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isSecretKey, REDACTED, redactString } from '../redaction';

function redactValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? redactString(v) : v)) as AttributeValue;
  return value;
}

export function redactAttributes(attributes: Attributes | undefined): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) out[key] = isSecretKey(key) ? REDACTED : redactValue(value);
  return out;
}

/** A copy of the span with every free text redacted; ids, times and structure unchanged. */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: redactString(span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status.message === undefined ? span.status : { ...span.status, message: redactString(span.status.message) },
    attributes: redactAttributes(span.attributes),
    links: span.links.map((l) => ({ ...l, attributes: l.attributes ? redactAttributes(l.attributes) : undefined })),
    events: span.events.map((e) => ({ ...e, name: redactString(e.name), attributes: e.attributes ? redactAttributes(e.attributes) : undefined })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
