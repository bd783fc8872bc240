import { Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import { UnitOfWork, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { MAX_OPEN_WINDOWS, RpcRefusalRecorder, type Refusal } from './rpc-refusal.recorder';

/** A fake outbox (no Postgres): what the recorder would have committed, in order. */
function setup(windowMs = 60_000) {
  const written: EventEnvelope[] = [];
  const dataSource = { transaction: async (fn: (m: EntityManager) => Promise<unknown>) => fn({} as EntityManager) } as unknown as DataSource;
  const recorder = { publishOnly: async (_m: EntityManager, events: EventEnvelope[]) => void written.push(...events) } as unknown as EventRecorder;
  const relay = { wake: () => undefined, publishCommitted: () => undefined } as unknown as OutboxRelay;
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  const registry = new Registry();
  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  const unitOfWork = new UnitOfWork(dataSource, recorder, relay);
  const sut = new RpcRefusalRecorder({ service: 'user-service', unitOfWork, logger, registry, windowMs, now: () => new Date(clock) });
  const tick = (ms: number) => (clock += ms);
  const data = (e: EventEnvelope) => e.data as { count: number; first_at: string; last_at: string; reason: string; pattern: string };
  return { sut, mocks: { written, registry, tick, data } };
}

const unverified = (id: string): Refusal => ({ allowed: false, reason: 'proof_missing', actor: { type: 'cli', id }, actorVerified: false, proof: 'none' });
const verified = (id: string): Refusal => ({
  allowed: false,
  reason: 'insufficient_role',
  actor: { type: 'user', id },
  actorVerified: true,
  proof: 'access_token',
});

describe(RpcRefusalRecorder.name, () => {
  it('records a flood of one caller as the first refusal at once and one record with the count of the rest', async () => {
    const { sut, mocks } = setup();
    for (let i = 0; i < 1000; i++) {
      await sut.record('rpc.user.set-roles', verified('u1'), undefined);
      mocks.tick(10);
    }
    expect(mocks.written).toHaveLength(1);
    expect(mocks.data(mocks.written[0])).toMatchObject({ count: 1, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:00.000Z' });
    await sut.flush();
    expect(mocks.written).toHaveLength(2);
    expect(mocks.data(mocks.written[1])).toMatchObject({
      pattern: 'rpc.user.set-roles',
      reason: 'insufficient_role',
      count: 999,
      first_at: '2030-01-01T00:00:00.010Z',
      last_at: '2030-01-01T00:00:09.990Z',
    });
    expect(mocks.written[1].actor).toEqual({ type: 'user', id: 'u1' });
    const metric = await mocks.registry.getSingleMetricAsString('tr4ction_rpc_refused_total');
    expect(metric).toContain('tr4ction_rpc_refused_total{pattern="rpc.user.set-roles",reason="insufficient_role"} 1000');
  });

  it('does not believe claimed actors: made-up callers share one window per pattern and reason', async () => {
    const { sut, mocks } = setup();
    for (let i = 0; i < 500; i++) await sut.record('rpc.user.reset-password', unverified(`intruder-${i}`), undefined);
    await sut.flush();
    expect(mocks.written.map((e) => mocks.data(e).count)).toEqual([1, 499]);
    expect(mocks.written.every((e) => e.actor.id === 'intruder-0')).toBe(true);
  });

  it('keeps verified callers, patterns and reasons apart', async () => {
    const { sut, mocks } = setup();
    await sut.record('rpc.user.set-roles', verified('u1'), undefined);
    await sut.record('rpc.user.set-roles', verified('u2'), undefined);
    await sut.record('rpc.user.list', verified('u1'), undefined);
    await sut.record('rpc.user.set-roles', unverified('x'), undefined);
    expect(mocks.written).toHaveLength(4);
    await sut.flush();
    // No repeats: nothing more to record.
    expect(mocks.written).toHaveLength(4);
  });

  it('opens a new window once the last one closed', async () => {
    jest.useFakeTimers();
    try {
      const { sut, mocks } = setup(1000);
      await sut.record('rpc.user.set-roles', verified('u1'), undefined);
      await sut.record('rpc.user.set-roles', verified('u1'), undefined);
      await jest.advanceTimersByTimeAsync(1000);
      expect(mocks.written.map((e) => mocks.data(e).count)).toEqual([1, 1]);
      expect(sut.openWindows).toBe(0);
      await sut.record('rpc.user.set-roles', verified('u1'), undefined);
      expect(mocks.written.map((e) => mocks.data(e).count)).toEqual([1, 1, 1]);
      await sut.flush();
    } finally {
      jest.useRealTimers();
    }
  });

  it('bounds its memory: past the open-window limit a refusal is logged and counted, not recorded', async () => {
    const { sut, mocks } = setup();
    for (let i = 0; i < MAX_OPEN_WINDOWS; i++) await sut.record('rpc.user.set-roles', verified(`u${i}`), undefined);
    await sut.record('rpc.user.set-roles', verified('one-too-many'), undefined);
    expect(mocks.written).toHaveLength(MAX_OPEN_WINDOWS);
    expect(sut.openWindows).toBe(MAX_OPEN_WINDOWS);
    await sut.flush();
  });
});
