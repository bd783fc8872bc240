import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogger, defaultLogLevel } from './logger';
import { REDACTED } from './redaction';

function setup(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const sut = createLogger('spec-service', level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { sut, lines };
}

describe(createLogger.name, () => {
  const manager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(() => context.disable());

  it('stamps every line inside a span with its trace and span ids, and redacts in one place', () => {
    const { sut, lines } = setup();
    const span = new BasicTracerProvider().getTracer('spec').startSpan('op', {}, ROOT_CONTEXT);
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => sut.info({ password: 'Hunter2!Hunter2!', user: 'a' }, 'login with Bearer abc.def'));
    sut.info('outside');
    expect(lines[0]).toMatchObject({
      service: 'spec-service',
      level: 'info',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
      password: REDACTED,
      user: 'a',
    });
    expect(String(lines[0].msg)).not.toContain('abc.def');
    expect(lines[1].trace_id).toBeUndefined();
  });

  it('takes its level from configuration', () => {
    const { sut, lines } = setup('warn');
    sut.info('dropped');
    sut.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });
});

describe(defaultLogLevel.name, () => {
  it('is LOG_LEVEL when set explicitly, whatever DEBUG_MODE says', () => {
    expect(defaultLogLevel({ LOG_LEVEL: 'warn', DEBUG_MODE: 'true' })).toBe('warn');
    expect(defaultLogLevel({ LOG_LEVEL: 'info', DEBUG_MODE: 'true' })).toBe('info');
  });

  it('is debug when DEBUG_MODE is on and LOG_LEVEL unset, info otherwise', () => {
    expect(defaultLogLevel({ DEBUG_MODE: 'true' })).toBe('debug');
    expect(defaultLogLevel({ DEBUG_MODE: 'YES', LOG_LEVEL: '' })).toBe('debug');
    expect(defaultLogLevel({ DEBUG_MODE: 'false' })).toBe('info');
    expect(defaultLogLevel({})).toBe('info');
  });
});
