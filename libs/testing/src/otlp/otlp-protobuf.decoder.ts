/**
 * Decodes an OTLP ExportTraceServiceRequest in protobuf wire format, the subset a trace receiver
 * needs (opentelemetry-proto collector/trace/v1, trace/v1, common/v1, resource/v1 field numbers).
 * Hand-written because no .proto files ship with the installed packages; unknown fields are
 * skipped by wire type, as protobuf requires.
 */
import { SPAN_KINDS, type OtlpEvent, type OtlpLink, type OtlpSpan, type OtlpValue } from './otlp-span.types';

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  tag(): { field: number; wire: number } {
    const t = Number(this.varint());
    return { field: t >>> 3, wire: t & 7 };
  }

  bytes(): Uint8Array {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  fixed64(): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + 8);
    this.pos += 8;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Calls `on(field, wire, reader)` for each field of the message in `buf`. */
function fields(buf: Uint8Array, on: (field: number, wire: number, r: Reader) => boolean): void {
  const r = new Reader(buf);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (!on(field, wire, r)) r.skip(wire);
  }
}

function anyValue(buf: Uint8Array): OtlpValue {
  let value: OtlpValue = null;
  fields(buf, (f, w, r) => {
    if (f === 1 && w === 2) value = text(r.bytes());
    else if (f === 2 && w === 0) value = r.varint() !== 0n;
    else if (f === 3 && w === 0) value = Number(BigInt.asIntN(64, r.varint()));
    else if (f === 4 && w === 1) value = Buffer.from(r.fixed64()).readDoubleLE(0);
    else if (f === 5 && w === 2) value = arrayValue(r.bytes());
    else if (f === 6 && w === 2) value = keyValues(r.bytes(), 1);
    else if (f === 7 && w === 2) value = hex(r.bytes());
    else return false;
    return true;
  });
  return value;
}

function arrayValue(buf: Uint8Array): OtlpValue[] {
  const out: OtlpValue[] = [];
  fields(buf, (f, w, r) => (f === 1 && w === 2 ? (out.push(anyValue(r.bytes())), true) : false));
  return out;
}

function keyValue(buf: Uint8Array): [string, OtlpValue] {
  let key = '';
  let value: OtlpValue = null;
  fields(buf, (f, w, r) => {
    if (f === 1 && w === 2) key = text(r.bytes());
    else if (f === 2 && w === 2) value = anyValue(r.bytes());
    else return false;
    return true;
  });
  return [key, value];
}

/** The repeated KeyValue field `field` of a message, as an object. */
function keyValues(buf: Uint8Array, field: number): Record<string, OtlpValue> {
  const out: Record<string, OtlpValue> = {};
  fields(buf, (f, w, r) => {
    if (f !== field || w !== 2) return false;
    const [k, v] = keyValue(r.bytes());
    out[k] = v;
    return true;
  });
  return out;
}

function event(buf: Uint8Array): OtlpEvent {
  let name = '';
  fields(buf, (f, w, r) => (f === 2 && w === 2 ? ((name = text(r.bytes())), true) : false));
  return { name, attributes: keyValues(buf, 3) };
}

function link(buf: Uint8Array): OtlpLink {
  const l: OtlpLink = { traceId: '', spanId: '', attributes: keyValues(buf, 4) };
  fields(buf, (f, w, r) => {
    if (f === 1 && w === 2) l.traceId = hex(r.bytes());
    else if (f === 2 && w === 2) l.spanId = hex(r.bytes());
    else return false;
    return true;
  });
  return l;
}

function status(buf: Uint8Array): { code: number; message: string } {
  const s = { code: 0, message: '' };
  fields(buf, (f, w, r) => {
    if (f === 2 && w === 2) s.message = text(r.bytes());
    else if (f === 3 && w === 0) s.code = Number(r.varint());
    else return false;
    return true;
  });
  return s;
}

function span(buf: Uint8Array, service: string, resource: Record<string, OtlpValue>, scope: string): OtlpSpan {
  const s: OtlpSpan = {
    service,
    resource,
    scope,
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 'unspecified',
    attributes: keyValues(buf, 9),
    events: [],
    links: [],
    status: { code: 0, message: '' },
  };
  fields(buf, (f, w, r) => {
    if (f === 1 && w === 2) s.traceId = hex(r.bytes());
    else if (f === 2 && w === 2) s.spanId = hex(r.bytes());
    else if (f === 4 && w === 2) s.parentSpanId = hex(r.bytes());
    else if (f === 5 && w === 2) s.name = text(r.bytes());
    else if (f === 6 && w === 0) s.kind = SPAN_KINDS[Number(r.varint())] ?? 'unspecified';
    else if (f === 11 && w === 2) s.events.push(event(r.bytes()));
    else if (f === 13 && w === 2) s.links.push(link(r.bytes()));
    else if (f === 15 && w === 2) s.status = status(r.bytes());
    else return false;
    return true;
  });
  return s;
}

export function decodeOtlpTracesProtobuf(buf: Uint8Array): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  fields(buf, (f, w, r) => {
    if (f !== 1 || w !== 2) return false;
    const resourceSpans = r.bytes();
    let resource: Record<string, OtlpValue> = {};
    const scoped: Uint8Array[] = [];
    fields(resourceSpans, (rf, rw, rr) => {
      if (rf === 1 && rw === 2) resource = keyValues(rr.bytes(), 1);
      else if (rf === 2 && rw === 2) scoped.push(rr.bytes());
      else return false;
      return true;
    });
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
    for (const scopeSpans of scoped) {
      let scope = '';
      const raw: Uint8Array[] = [];
      fields(scopeSpans, (sf, sw, sr) => {
        if (sf === 1 && sw === 2) fields(sr.bytes(), (nf, nw, nr) => (nf === 1 && nw === 2 ? ((scope = text(nr.bytes())), true) : false));
        else if (sf === 2 && sw === 2) raw.push(sr.bytes());
        else return false;
        return true;
      });
      for (const b of raw) spans.push(span(b, service, resource, scope));
    }
    return true;
  });
  return spans;
}
