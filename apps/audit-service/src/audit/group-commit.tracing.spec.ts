import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { context, trace } from '@tr4ction/telemetry';
import { GroupCommit } from './group-commit';

// A real (in-memory) tracer: which span is active while a batch commits is what this spec checks.
describe(`${GroupCommit.name} tracing`, () => {
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it('commits a lone item in its submitter’s span and a mixed batch in an append span linked to every submitter', async () => {
    const activeAtCommit: Array<string | undefined> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sut = new GroupCommit<string, string>({
      maxBatch: 10,
      isTransient: () => false,
      commit: async (items) => {
        activeAtCommit.push(trace.getActiveSpan()?.spanContext().spanId);
        if (activeAtCommit.length === 1) await gate;
        return items;
      },
    });
    const tracer = trace.getTracer('spec');
    const submitIn = (name: string) => tracer.startActiveSpan(name, (span) => ({ span, done: sut.submit(name).finally(() => span.end()) }));
    const first = submitIn('first');
    const second = submitIn('second');
    const third = submitIn('third');
    release();
    await Promise.all([first.done, second.done, third.done]);

    expect(activeAtCommit[0]).toBe(first.span.spanContext().spanId);
    const append = exporter.getFinishedSpans().find((s) => s.name === 'audit append');
    expect(activeAtCommit[1]).toBe(append?.spanContext().spanId);
    expect(append?.links.map((l) => l.context.spanId).sort()).toEqual([second.span.spanContext().spanId, third.span.spanContext().spanId].sort());
  });
});
