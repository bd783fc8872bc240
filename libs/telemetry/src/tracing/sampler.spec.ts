import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { platformSampler, samplerFromEnv } from './sampler';

const TRACE_ID = 'a'.repeat(32);
const sampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED });

function decide(env: NodeJS.ProcessEnv, name: string, ctx = ROOT_CONTEXT, exporting = true): SamplingDecision {
  return platformSampler(exporting, env).shouldSample(ctx, TRACE_ID, name, SpanKind.CLIENT, {}, []).decision;
}

describe(platformSampler.name, () => {
  it('samples requests by default and keeps the readiness probe and metrics scrape out of the traces', () => {
    expect(decide({}, 'rpc.auth.login send')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide({}, 'rpc.user-service.ping send')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({}, 'rpc.audit-service.metrics send')).toBe(SamplingDecision.NOT_RECORD);
    // Inside a sampled trace the same name is kept: only the probes' own roots are dropped.
    expect(decide({}, 'rpc.user-service.ping send', sampledParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('samples nothing when nothing is exported', () => {
    expect(decide({}, 'rpc.auth.login send', ROOT_CONTEXT, false)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('honours OTEL_TRACES_SAMPLER and its argument', () => {
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' }, 'x')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, 'x')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, 'x', sampledParent)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' }, 'x')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'nonsense' }).toString()).toContain('1');
  });
});
