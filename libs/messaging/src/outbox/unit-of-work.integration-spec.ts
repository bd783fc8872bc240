import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { createEvent } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { EventRecorder } from './event-recorder';
import { OutboxRelay } from './outbox-relay';
import { UnitOfWork } from './unit-of-work';
import { rpcCallScope, type RpcCallScope } from '../rpc/idempotency/idempotency-key';
import { EVENTS_STREAM, ensureStreams } from '../nats/streams';

/** A schema of its own (an outbox shaped like every service's, and one state table), so no other spec's rows mix in. */
const SCHEMA = 'unit_of_work_spec';
const logger = createLogger('unit-of-work-spec', 'silent');
const signer = testBusKeys().signer('user-service');

function registered(id: string) {
  return createEvent({
    type: 'UserRegistered',
    actor: { type: 'system', id: null },
    subject: { type: 'user', id },
    source: { service: 'unit-of-work-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data: { email: `${id}@example.com`, name: null, roles: ['founder'], password_expires_at: null },
  });
}

describe(UnitOfWork.name, () => {
  let ds: DataSource;
  let nats: PrivateNats;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let work: UnitOfWork;

  const published = async (): Promise<number> => (await (await nc.jetstreamManager()).streams.info(EVENTS_STREAM)).state.messages;
  const rows = async (): Promise<string[]> => (await ds.query(`SELECT id FROM ${SCHEMA}.things ORDER BY id`)).map((r: { id: string }) => r.id);
  /**
   * The stream's count once nothing is left to publish. Every test starts from here, so an event an earlier
   * test queued (and did not wait for) cannot land inside the next test's count.
   */
  const settledCount = async (): Promise<number> => {
    await waitFor(async () => (await relay.backlog()) === 0, { timeoutMs: 10_000, what: 'the outbox to drain' });
    return published();
  };

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'unit-of-work-spec', migrations: [] });
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds.query(`CREATE SCHEMA ${SCHEMA}`);
    await ds.query(`CREATE TABLE ${SCHEMA}.outbox (LIKE users.outbox INCLUDING ALL)`);
    await ds.query(`CREATE TABLE ${SCHEMA}.things (id text PRIMARY KEY)`);
    nats = await PrivateNats.start();
    nc = await connect(nats.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
    // An idle poll far beyond every deadline below: only a wake can publish in time.
    relay = new OutboxRelay(ds, SCHEMA, nc.jetstream(), signer, logger, { idlePollMs: 120_000 });
    relay.start();
    // The relay's first drain finds nothing; from then on it sleeps until woken.
    await waitFor(async () => (await relay.backlog()) === 0, { what: 'the relay to start' });
    work = new UnitOfWork(ds, new EventRecorder(SCHEMA), relay);
  });

  afterAll(async () => {
    await relay.stop();
    await nc.close();
    await nats.stop();
    await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds.destroy();
  });

  it('commits the change with its events, and publishes them right after the commit without the relay reading them back', async () => {
    const before = await settledCount();
    const sweeps = jest.spyOn(relay, 'drainOnce');
    const answer = await work.run(async (m, record) => {
      await m.query(`INSERT INTO ${SCHEMA}.things (id) VALUES ('a')`);
      await record([registered('uow-a1'), registered('uow-a2')]);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await rows()).toContain('a');
    await waitFor(async () => (await published()) === before + 2 && (await relay.backlog()) === 0, { timeoutMs: 10_000, what: 'both events on the stream' });
    expect(sweeps).not.toHaveBeenCalled();
    sweeps.mockRestore();
  });

  it('leaves neither the change nor its events when the work fails', async () => {
    const before = await settledCount();
    await expect(
      work.run(async (m, record) => {
        await m.query(`INSERT INTO ${SCHEMA}.things (id) VALUES ('b')`);
        await record([registered('uow-b1')]);
        throw new Error('the work failed after recording');
      }),
    ).rejects.toThrow('the work failed after recording');
    expect(await rows()).not.toContain('b');
    expect(await relay.backlog()).toBe(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`))[0].n).toBe(2);
    expect(await published()).toBe(before);
  });

  it('hands the committed events to the relay, also through `within`, and nothing after a commit without events', async () => {
    const publisher = { publishCommitted: jest.fn(), wake: jest.fn() };
    const watched = new UnitOfWork(ds, new EventRecorder(SCHEMA), publisher);
    await watched.run((m) => m.query(`INSERT INTO ${SCHEMA}.things (id) VALUES ('w1')`));
    expect(publisher.publishCommitted).not.toHaveBeenCalled();
    const event = registered('uow-w1');
    await watched.run((m) => watched.within(m, (_inner, record) => record([event])));
    expect(publisher.publishCommitted).toHaveBeenCalledTimes(1);
    expect(publisher.publishCommitted.mock.calls[0][0].map((e: { event_id: string }) => e.event_id)).toEqual([event.id]);
    expect(publisher.wake).not.toHaveBeenCalled();
    await relay.drainOnce();
  });

  it('never publishes from memory an event a rolled-back savepoint removed: the relay reads the outbox instead', async () => {
    const publisher = { publishCommitted: jest.fn(), wake: jest.fn() };
    const watched = new UnitOfWork(ds, new EventRecorder(SCHEMA), publisher);
    const kept = registered('uow-s1');
    const undone = registered('uow-s2');
    await watched.run(async (m, record) => {
      await record([kept]);
      // TypeORM's nested transaction is a savepoint; the outer transaction goes on and commits.
      await m
        .transaction(async (inner) => {
          await watched.within(inner, (_m, recordInner) => recordInner([undone]));
          throw new Error('the nested work failed');
        })
        .catch(() => undefined);
    });
    expect(publisher.publishCommitted).not.toHaveBeenCalled();
    expect(publisher.wake).toHaveBeenCalledTimes(1);
    const stored = await ds.query(`SELECT event_id FROM ${SCHEMA}.outbox WHERE sent_at IS NULL`);
    expect(stored.map((r: { event_id: string }) => r.event_id)).toEqual([kept.id]);
    await relay.drainOnce();
  });

  it('leaves the events to the sweep when the direct publish fails, and the stream keeps one copy when only the mark failed', async () => {
    const before = await settledCount();
    // The first publish is refused by NATS; the mark of the next direct publish is lost after its publish succeeded.
    let publishes = 0;
    let marks = 0;
    const js = nc.jetstream();
    const flakyStream = new Proxy(js, {
      get: (target, key) =>
        key === 'publish'
          ? (...args: Parameters<typeof js.publish>) => (publishes++ === 0 ? Promise.reject(new Error('no responders')) : target.publish(...args))
          : Reflect.get(target, key),
    });
    const flakyDb = new Proxy(ds, {
      get: (target, key) => {
        if (key !== 'query') return Reflect.get(target, key);
        return (sql: string, params?: unknown[]) =>
          sql.includes('event_id = ANY') && marks++ === 0 ? Promise.reject(new Error('connection terminated')) : target.query(sql, params);
      },
    });
    const flaky = new OutboxRelay(flakyDb, SCHEMA, flakyStream, signer, logger, { idlePollMs: 120_000 });
    flaky.start();
    await waitFor(async () => flaky.stats.published === 0 && (await relay.backlog()) === 0, { what: 'the flaky relay to start' });
    const viaFlaky = new UnitOfWork(ds, new EventRecorder(SCHEMA), flaky);
    await viaFlaky.run((_m, record) => record([registered('uow-f1')]));
    await waitFor(async () => (await published()) === before + 1 && (await relay.backlog()) === 0, { timeoutMs: 10_000, what: 'the refused event, swept' });
    await viaFlaky.run((_m, record) => record([registered('uow-f2')]));
    await waitFor(async () => (await relay.backlog()) === 0 && marks === 1, { timeoutMs: 10_000, what: 'the unmarked event, swept' });
    expect(await published()).toBe(before + 2);
    expect(flaky.stats.failures).toBe(2);
    await flaky.stop();
  });

  describe('runStatement', () => {
    /** The unit of work over a data source that lists the statements sent outside a transaction. */
    const listed = (): { work: UnitOfWork; direct: string[]; publisher: { publishCommitted: jest.Mock; wake: jest.Mock } } => {
      const direct: string[] = [];
      const listing = new Proxy(ds, {
        get: (target, key) =>
          key === 'query'
            ? (sql: string, params?: unknown[]) => {
                direct.push(sql);
                return target.query(sql, params);
              }
            : Reflect.get(target, key),
      });
      const publisher = { publishCommitted: jest.fn((events) => relay.publishCommitted(events)), wake: jest.fn() };
      return { work: new UnitOfWork(listing, new EventRecorder(SCHEMA), publisher), direct, publisher };
    };

    it('commits a one-statement change with its events as one statement, and publishes them after it', async () => {
      const before = await settledCount();
      const { work: single, direct, publisher } = listed();
      const events = [registered('uow-r1'), registered('uow-r2')];
      await single.runStatement({ sql: `INSERT INTO ${SCHEMA}.things (id) VALUES ($1)`, params: ['r'] }, events);
      expect(direct).toHaveLength(1);
      expect(direct[0]).toMatch(/^WITH change AS \(INSERT INTO unit_of_work_spec\.things .*\) INSERT INTO "unit_of_work_spec"\.outbox /s);
      expect(await rows()).toContain('r');
      expect(publisher.publishCommitted.mock.calls[0][0].map((e: { event_id: string }) => e.event_id)).toEqual(events.map((e) => e.id));
      await waitFor(async () => (await published()) === before + 2 && (await relay.backlog()) === 0, { timeoutMs: 10_000, what: 'both events on the stream' });
      // Events alone: the outbox INSERT by itself.
      await single.runStatement(undefined, [registered('uow-r3')]);
      expect(direct[1]).toMatch(/^INSERT INTO "unit_of_work_spec"\.outbox /);
      await waitFor(async () => (await published()) === before + 3 && (await relay.backlog()) === 0, {
        timeoutMs: 10_000,
        what: 'the lone event on the stream',
      });
    });

    it('records no event when the change fails', async () => {
      const before = await settledCount();
      const { work: single, publisher } = listed();
      await ds.query(`INSERT INTO ${SCHEMA}.things (id) VALUES ('taken')`);
      const event = registered('uow-r4');
      await expect(single.runStatement({ sql: `INSERT INTO ${SCHEMA}.things (id) VALUES ($1)`, params: ['taken'] }, [event])).rejects.toThrow(/duplicate key/);
      expect(await ds.query(`SELECT 1 FROM ${SCHEMA}.outbox WHERE event_id = $1`, [event.id])).toHaveLength(0);
      expect(publisher.publishCommitted).not.toHaveBeenCalled();
      expect(await published()).toBe(before);
    });

    it('opens a transaction, where the RPC ledger claims, while the delivery has not committed its claim', async () => {
      const { work: single, direct, publisher } = listed();
      const scope: RpcCallScope = {
        key: 'k'.repeat(43),
        pattern: 'user.spec',
        fingerprint: Buffer.alloc(32),
        attempt: 'a',
        open: true,
        calls: new Map(),
        claimed: false,
        duplicate: false,
      };
      const run = jest.spyOn(single, 'run');
      await rpcCallScope.run(scope, () =>
        single.runStatement({ sql: `INSERT INTO ${SCHEMA}.things (id) VALUES ($1)`, params: ['p1'] }, [registered('uow-p1')]),
      );
      expect(run).toHaveBeenCalledTimes(1);
      expect(direct).toEqual([]);
      scope.claimCommitted = true;
      await rpcCallScope.run(scope, () =>
        single.runStatement({ sql: `INSERT INTO ${SCHEMA}.things (id) VALUES ($1)`, params: ['p2'] }, [registered('uow-p2')]),
      );
      expect(run).toHaveBeenCalledTimes(1);
      expect(direct).toHaveLength(1);
      expect(await rows()).toEqual(expect.arrayContaining(['p1', 'p2']));
      expect(publisher.publishCommitted).toHaveBeenCalledTimes(2);
      await settledCount();
    });
  });

  it('joins a caller’s transaction with `within`: both commit, or roll back, as one', async () => {
    const before = await settledCount();
    await expect(
      work.run(async (m) => {
        await work.within(m, async (inner, record) => {
          await inner.query(`INSERT INTO ${SCHEMA}.things (id) VALUES ('c')`);
          await record([registered('uow-c1')]);
        });
        throw new Error('the caller failed after the joined work');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await rows()).not.toContain('c');
    await work.run((m) => work.within(m, (_inner, record) => record([registered('uow-d1')])));
    await waitFor(async () => (await published()) === before + 1, { timeoutMs: 10_000, what: 'the joined event on the stream' });
  });
});
