/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest. The specification writes ids as hex strings and
 * enums as numbers; 64-bit integers may come as strings. Anything malformed throws.
 */
import { SPAN_KINDS, type OtlpSpan, type OtlpValue } from './otlp-span.types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function id(v: unknown): string {
  const s = str(v);
  // Hex per the specification; base64 from encoders that follow the protobuf JSON mapping.
  return /^[0-9a-f]*$/i.test(s) ? s.toLowerCase() : Buffer.from(s, 'base64').toString('hex');
}

function anyValue(v: unknown): OtlpValue {
  const o = obj(v);
  if ('stringValue' in o) return str(o.stringValue);
  if ('boolValue' in o) return o.boolValue === true;
  if ('intValue' in o) return Number(o.intValue);
  if ('doubleValue' in o) return Number(o.doubleValue);
  if ('arrayValue' in o) return arr(obj(o.arrayValue).values).map(anyValue);
  if ('kvlistValue' in o) return attributes(obj(o.kvlistValue).values);
  if ('bytesValue' in o) return str(o.bytesValue);
  return null;
}

function attributes(list: unknown): Record<string, OtlpValue> {
  const out: Record<string, OtlpValue> = {};
  for (const kv of arr(list)) out[str(obj(kv).key)] = anyValue(obj(kv).value);
  return out;
}

export function decodeOtlpTracesJson(body: unknown): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const rs of arr(obj(body).resourceSpans)) {
    const resource = attributes(obj(obj(rs).resource).attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
    for (const ss of arr(obj(rs).scopeSpans)) {
      const scope = str(obj(obj(ss).scope).name);
      for (const raw of arr(obj(ss).spans)) {
        const s = obj(raw);
        spans.push({
          service,
          resource,
          scope,
          traceId: id(s.traceId),
          spanId: id(s.spanId),
          parentSpanId: id(s.parentSpanId),
          name: str(s.name),
          kind: SPAN_KINDS[Number(s.kind ?? 0)] ?? 'unspecified',
          attributes: attributes(s.attributes),
          events: arr(s.events).map((e) => ({ name: str(obj(e).name), attributes: attributes(obj(e).attributes) })),
          links: arr(s.links).map((l) => ({ traceId: id(obj(l).traceId), spanId: id(obj(l).spanId), attributes: attributes(obj(l).attributes) })),
          status: { code: Number(obj(s.status).code ?? 0), message: str(obj(s.status).message) },
        });
      }
    }
  }
  return spans;
}
