import type { RequestMeta } from '@tr4ction/contracts';
import { AuditRefusalRecorder, MAX_REFUSAL_REPORTS_IN_FLIGHT, REFUSAL_REPORT_TIMEOUT_MS, type Refusal } from './audit-refusal.recorder';

const WINDOW_MS = 60_000;
const META: RequestMeta = { actor: { type: 'user', id: 'founder-1' }, ip: '198.51.100.7', request_id: 'req-1' };

interface Sent {
  pattern: string;
  meta: unknown;
  data: Record<string, unknown>;
  timeoutMs?: number;
}

function setup(answer: () => Promise<unknown> = async () => ({ recorded: true })) {
  const sent: Sent[] = [];
  const fakeRpc = {
    send: (pattern: string, meta: unknown, data: Record<string, unknown>, timeoutMs?: number) => {
      sent.push({ pattern, meta, data, timeoutMs });
      return answer();
    },
  } as never;
  const logger = { warn: jest.fn() };
  let now = Date.UTC(2030, 0, 1);
  const sut = new AuditRefusalRecorder(fakeRpc, logger, { windowMs: WINDOW_MS, now: () => new Date(now) });
  return { sut, sent, logger, advance: (ms: number) => ((now += ms), jest.advanceTimersByTime(ms)) };
}

const refusal = (over: Partial<Refusal> = {}): Refusal => ({
  caller: 'user:founder-1',
  endpoint: '/audit/events',
  query: { limit: '5' },
  reason: 'FORBIDDEN',
  meta: META,
  ...over,
});

describe(AuditRefusalRecorder.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('records 10,000 refusals of one caller in one window as one record with their count', () => {
    const { sut, sent, advance } = setup();
    sut.note(refusal());
    for (let i = 1; i < 10_000; i++) {
      if (i === 5000) advance(1000);
      sut.note(refusal({ query: { limit: String(i) } }));
    }
    expect(sent).toEqual([]);
    advance(WINDOW_MS);
    expect(sent).toEqual([
      {
        pattern: 'rpc.audit.refused-read',
        meta: META,
        data: {
          endpoint: '/audit/events',
          query: { limit: '5' },
          reason: 'FORBIDDEN',
          count: 10_000,
          first_at: '2030-01-01T00:00:00.000Z',
          last_at: '2030-01-01T00:00:01.000Z',
        },
        timeoutMs: REFUSAL_REPORT_TIMEOUT_MS,
      },
    ]);
    expect(sut.openWindows).toBe(0);
  });

  it('keeps callers and endpoints apart, and opens a new window after one closes', () => {
    const { sut, sent, advance } = setup();
    sut.note(refusal());
    sut.note(refusal({ endpoint: '/audit/verify' }));
    sut.note(refusal({ caller: 'user:other' }));
    advance(WINDOW_MS);
    expect(sent.map((s) => s.data.count)).toEqual([1, 1, 1]);
    sut.note(refusal());
    advance(WINDOW_MS);
    expect(sent).toHaveLength(4);
  });

  it('records every open window at shutdown', async () => {
    const { sut, sent } = setup();
    sut.note(refusal());
    sut.note(refusal());
    await sut.flushAll();
    expect(sent.map((s) => s.data.count)).toEqual([2]);
    expect(sut.openWindows).toBe(0);
  });

  it('logs instead of throwing when audit-service fails, and caps the reports in flight', async () => {
    let settle: () => void = () => undefined;
    const pending = new Promise<void>((r) => (settle = r));
    const { sut, sent, logger, advance } = setup(() => pending);
    for (let i = 0; i < MAX_REFUSAL_REPORTS_IN_FLIGHT + 5; i++) sut.note(refusal({ caller: `user:${i}` }));
    advance(WINDOW_MS);
    expect(sent).toHaveLength(MAX_REFUSAL_REPORTS_IN_FLIGHT);
    expect(logger.warn).toHaveBeenCalledTimes(5);
    settle();
    await sut.flushAll();
    sut.note(refusal());
    advance(WINDOW_MS);
    expect(sent).toHaveLength(MAX_REFUSAL_REPORTS_IN_FLIGHT + 1);
  });

  it('logs a failed report without throwing', async () => {
    const { sut, logger } = setup(() => Promise.reject(new Error('no responders')));
    sut.note(refusal());
    await sut.flushAll();
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ count: 1, err: 'no responders' }), 'refused audit read not recorded');
  });
});
