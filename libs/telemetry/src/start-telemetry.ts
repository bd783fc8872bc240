/**
 * OpenTelemetry bootstrap. Must run before Nest, pg or http are loaded so their instrumentation
 * can patch them: each service's `main.ts` imports its `instrument.ts` first.
 *
 * With no OTLP endpoint configured nothing is sampled or exported (spans are non-recording), but
 * they still get W3C trace ids, so logs and audit records carry a trace id.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createOtlpTraceExporter } from './tracing/otlp-exporter';
import { RedactingSpanExporter } from './tracing/redacting-span-exporter';
import { platformSampler } from './tracing/sampler';

let sdk: NodeSDK | undefined;

export function otlpExportEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER === 'none') return false;
  if (env.OTEL_TRACES_EXPORTER && env.OTEL_TRACES_EXPORTER !== 'otlp') return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Exporters other than OTLP (console, zipkin) are left to the SDK, which reads OTEL_TRACES_EXPORTER. */
function exportsOtlp(env: NodeJS.ProcessEnv): boolean {
  return !env.OTEL_TRACES_EXPORTER || env.OTEL_TRACES_EXPORTER === 'otlp';
}

export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk) return;
  // Metrics go to Prometheus at /metrics and logs to stdout; the SDK handles traces only.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporting = otlpExportEnabled(env);
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName,
      [ATTR_SERVICE_VERSION]: process.env.npm_package_version ?? '0.1.0',
    }),
    // Unset endpoint: nothing sampled and a processor that drops everything (the SDK would
    // otherwise default to an OTLP exporter aimed at localhost), while a real tracer provider
    // still mints trace ids. Set: OTLP/HTTP (protobuf by default, or http/json) behind the
    // redacting exporter, batched per OTEL_BSP_*, sampled per OTEL_TRACES_SAMPLER(_ARG).
    sampler: platformSampler(exporting, env),
    ...(!exporting
      ? { spanProcessors: [new NoopSpanProcessor()] }
      : exportsOtlp(env)
        ? { traceExporter: new RedactingSpanExporter(createOtlpTraceExporter(env)) }
        : {}),
    instrumentations: [
      // Outgoing calls only (webhook sink, secrets stores): the gateway makes its server spans in
      // its own hooks (tracing/http-server-span.ts), and a management port's /health and /metrics
      // are not traced.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      // No parameter values ever (they hold hashes and token digests); no root spans for the
      // relay's and schedulers' background polling, only queries inside a traced operation.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      // No Nest instrumentation: its handler spans repeat the HTTP server span's name and time, and
      // cost every request two more spans and context switches (measured about 10 % of /health).
    ],
  });
  sdk.start();
}

export async function shutdownTelemetry(): Promise<void> {
  const current = sdk;
  sdk = undefined;
  await current?.shutdown().catch(() => undefined);
}
