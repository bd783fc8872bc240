/**
 * Sampling. The standard OTEL_TRACES_SAMPLER(_ARG) choice, with one platform rule on top: the
 * gateway's readiness probe and metrics scrape ask every service over NATS every few seconds, and
 * would otherwise fill Jaeger with traces nobody needs. Their root spans are not sampled, and since
 * the decision travels in `traceparent`, neither is the services' side.
 * Without export, nothing is sampled: spans are then non-recording (no attributes kept, nothing
 * queued) yet still carry W3C ids, so log lines and audit records keep their trace id.
 */
import { trace, type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';

const PROBES = /^rpc\.[a-z-]+\.(ping|metrics) send$/;

function ratio(env: NodeJS.ProcessEnv): number {
  const value = Number(env.OTEL_TRACES_SAMPLER_ARG);
  return env.OTEL_TRACES_SAMPLER_ARG !== undefined && Number.isFinite(value) && value >= 0 && value <= 1 ? value : 1;
}

/** The sampler the specification's variables ask for (default `parentbased_always_on`). */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  switch ((env.OTEL_TRACES_SAMPLER ?? '').trim()) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio(env));
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio(env)) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

export class QuietProbesSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(ctx: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const parent = trace.getSpanContext(ctx);
    const isRoot = !parent || !trace.isSpanContextValid(parent);
    if (isRoot && PROBES.test(spanName)) return { decision: SamplingDecision.NOT_RECORD };
    return this.inner.shouldSample(ctx, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `QuietProbes{${this.inner.toString()}}`;
  }
}

export function platformSampler(exporting: boolean, env: NodeJS.ProcessEnv = process.env): Sampler {
  return exporting ? new QuietProbesSampler(samplerFromEnv(env)) : new AlwaysOffSampler();
}
