import { PassThrough } from 'node:stream';
import { formatLine, forEachLine, useColor } from './log-format';

// 2026-11-28T09:05:07.123Z; the tests format in UTC so they pass in any time zone.
const TIME = Date.UTC(2026, 10, 28, 9, 5, 7, 123);

function setup(overrides: Record<string, unknown> = {}) {
  const entry = { level: 30, time: TIME, pid: 42, hostname: 'dev', msg: 'user created', ...overrides };
  const format = (line: unknown, color = false) => formatLine(line, { service: 'user-service', utc: true, color });
  return { entry, line: JSON.stringify(entry), format };
}

describe(formatLine.name, () => {
  it('prints time, level, service and message for a pino line', () => {
    const { line, format } = setup();
    expect(format(line)).toBe('09:05:07 INFO  [user-service] user created');
  });

  it('appends the first 8 characters of the trace id', () => {
    const { line, format } = setup({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(format(line)).toBe('09:05:07 INFO  [user-service] user created trace=4bf92f35');
  });

  it('accepts the camelCase and nested trace id spellings', () => {
    const camel = setup({ traceId: 'abcdef0123456789' });
    expect(camel.format(camel.line)).toContain('trace=abcdef01');
    const nested = setup({ trace: { trace_id: '0011223344556677' } });
    expect(nested.format(nested.line)).toContain('trace=00112233');
  });

  it.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [40, 'WARN '],
    [50, 'ERROR'],
    [60, 'FATAL'],
    ['warn', 'WARN '],
  ])('names level %p as %p', (level, name) => {
    const { line, format } = setup({ level });
    expect(format(line)).toBe(`09:05:07 ${name} [user-service] user created`);
  });

  it('shows the Nest context and the error stack below the line', () => {
    const { line, format } = setup({
      level: 50,
      msg: 'token rejected',
      context: 'TokenService',
      err: { type: 'Error', code: 'E_SIGNATURE', message: 'bad signature', stack: 'Error: bad signature\n    at verify (token.ts:1:1)' },
    });
    expect(format(line).split('\n')).toEqual([
      '09:05:07 ERROR [user-service] token rejected (TokenService)',
      '    Error: bad signature [E_SIGNATURE]',
      '        at verify (token.ts:1:1)',
    ]);
  });

  it('shows a service failure logged as err_name and message below the line', () => {
    const { line, format } = setup({ level: 60, msg: 'failed to start', err_name: 'ConfigError', err: 'AUDIT_CHECKPOINT_KEY is missing' });
    expect(format(line).split('\n')).toEqual(['09:05:07 FATAL [user-service] failed to start', '    ConfigError: AUDIT_CHECKPOINT_KEY is missing']);
  });

  it.each([
    ['plain text', 'Debugger listening on ws://127.0.0.1:9229'],
    ['a stack trace line', '    at Object.<anonymous> (/app/main.js:1:1)'],
    ['broken JSON', '{"level":30,"msg":"cut off'],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['an empty line', ''],
  ])('keeps %s as the raw text, tagged with the service', (_kind, raw) => {
    const { format } = setup();
    const out = format(raw);
    expect(out).toMatch(/^\d\d:\d\d:\d\d {7}\[user-service\] /);
    expect(out.endsWith(raw)).toBe(true);
  });

  it('does not throw on values that are not strings', () => {
    const { format } = setup();
    for (const value of [undefined, null, 42, {}, Symbol('x')]) {
      expect(() => format(value)).not.toThrow();
    }
  });

  it('copes with odd field types in a JSON line', () => {
    const { line, format } = setup({ msg: { nested: true }, level: null, time: 'not a date', trace_id: 7, err: 'boom' });
    expect(() => format(line)).not.toThrow();
    expect(format(line)).toMatch(/^\d\d:\d\d:\d\d INFO  \[user-service\]/);
  });

  it('drops a trailing carriage return', () => {
    const { line, format } = setup();
    expect(format(`${line}\r`)).toBe('09:05:07 INFO  [user-service] user created');
  });

  it('colours only when asked', () => {
    const { line, format } = setup();
    expect(format(line, false)).not.toContain('\x1b[');
    expect(format(line, true)).toContain('\x1b[');
  });
});

describe(useColor.name, () => {
  it('follows NO_COLOR, then FORCE_COLOR, then whether the stream is a terminal', () => {
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });
});

describe(forEachLine.name, () => {
  it('reassembles lines split across chunks and keeps an unterminated tail', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const rl = forEachLine(stream, (l) => lines.push(l));
    const closed = new Promise<void>((resolve) => rl.once('close', () => resolve()));
    stream.write('{"msg":"a');
    stream.write('"}\nsecond\n');
    stream.end('tail');
    await closed;
    expect(lines).toEqual(['{"msg":"a"}', 'second', 'tail']);
  });
});
