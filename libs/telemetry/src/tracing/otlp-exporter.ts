/**
 * The OTLP/HTTP trace exporter the standard variables ask for. Both exporters read
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION themselves; only the
 * protocol is chosen here, because the SDK's own choice cannot be wrapped in the redacting exporter.
 */
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** http/protobuf is the specification's default; gRPC is not shipped here, so it falls back too. */
export function otlpProtocol(env: NodeJS.ProcessEnv = process.env): OtlpProtocol {
  const asked = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || '').trim();
  return asked === 'http/json' ? 'http/json' : 'http/protobuf';
}

export function createOtlpTraceExporter(env: NodeJS.ProcessEnv = process.env): SpanExporter {
  return otlpProtocol(env) === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
}
