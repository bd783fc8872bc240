/** One span as an OTLP receiver saw it, whichever encoding carried it. Ids are lower-case hex. */
export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

export type OtlpSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface OtlpLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, OtlpValue>;
}

export interface OtlpEvent {
  name: string;
  attributes: Record<string, OtlpValue>;
}

export interface OtlpSpan {
  /** `service.name` of the resource that exported it. */
  service: string;
  resource: Record<string, OtlpValue>;
  scope: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: OtlpSpanKind;
  attributes: Record<string, OtlpValue>;
  events: OtlpEvent[];
  links: OtlpLink[];
  status: { code: number; message: string };
}

export const SPAN_KINDS: readonly OtlpSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
