import type { DataSource } from 'typeorm';
import { createEvent } from '@tr4ction/contracts';
import { createServiceDataSource } from './data-source.factory';
import { eventSourcingTablesMigration } from './event-sourcing-tables.migration';
import { ConcurrencyError, EventStore } from './event-store';
import { runMigrations } from './run-migrations';

/**
 * The store under test gets a schema of its own: streams written into a service's schema would be
 * folded by that service's replay specs as if they were its events.
 */
const SCHEMA = 'event_store_spec';

function roleChange(stream: string) {
  return createEvent({
    type: 'RolesChanged',
    actor: { type: 'system', id: null },
    subject: { type: 'user', id: stream },
    source: { service: 'event-store-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data: { before: [], after: ['auditor'] },
  });
}

/**
 * Set by the integration globalSetup. Read directly, not through @tr4ction/testing: that library
 * builds on this one (database roles), and a lib's spec must not close the loop.
 */
function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('integration specs run under jest.integration.config.js (globalSetup sets TEST_DATABASE_URL)');
  return url;
}

describe(EventStore.name, () => {
  let ds: DataSource;
  const store = new EventStore(SCHEMA);

  beforeAll(async () => {
    ds = createServiceDataSource({
      url: testDatabaseUrl(),
      schema: SCHEMA,
      service: 'event-store-spec',
      migrations: [eventSourcingTablesMigration(SCHEMA, 1764300000000)],
    });
    await ds.initialize();
    await runMigrations(ds, SCHEMA);
  });

  afterAll(() => ds.destroy());

  it('appends in order and loads the stream back', async () => {
    const stream = `es-${Date.now()}`;
    await ds.transaction((m) => store.append(m, stream, 0, [roleChange(stream), roleChange(stream)]));
    const loaded = await store.load(ds.manager, stream);
    expect(loaded.map((e) => e.version)).toEqual([1, 2]);
  });

  it('lets exactly one of two writers that saw the same version win', async () => {
    const stream = `es-race-${Date.now()}`;
    await ds.transaction((m) => store.append(m, stream, 0, [roleChange(stream)]));
    const results = await Promise.allSettled([
      ds.transaction((m) => store.append(m, stream, 1, [roleChange(stream)])),
      ds.transaction((m) => store.append(m, stream, 1, [roleChange(stream)])),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.load(ds.manager, stream)).length).toBe(2);
  });

  it('replays every event in commit order', async () => {
    const seen: number[] = [];
    for await (const e of store.readAll(ds.manager, 2)) seen.push(e.position);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
