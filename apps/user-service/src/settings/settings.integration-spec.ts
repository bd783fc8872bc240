/**
 * The settings aggregate on real Postgres and real NATS JetStream, with two user-service
 * "replicas" (own pools, own NATS connections, own outbox relays, one private nats-server): concurrent admins are
 * serialised without losing a change, If-Match races have exactly one winner, and every
 * replica's copy follows a change made on the other through the ConfigurationChanged event.
 */
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, userServiceSchema } from '@tr4ction/config';
import type { EventEnvelope, RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventAuthenticator, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SystemClock } from '@tr4ction/platform';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { RuntimeSettingsHolder } from './runtime-settings.holder';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { SETTINGS_STREAM } from './settings.state';

const logger = createLogger('settings-spec', 'silent');
const config = parseConfig(userServiceSchema, { CORS_ORIGINS: 'https://env.example.com' });
const meta = (admin: string): RequestMeta => ({ actor: { type: 'user', id: admin }, ip: '127.0.0.1' });

/** A private nats-server, so these events reach no other test run or local stack. */
let bus: PrivateNats;

interface Replica {
  ds: DataSource;
  nc: NatsConnection;
  relay: OutboxRelay;
  holder: RuntimeSettingsHolder;
  service: SettingsService;
}

/** One set of bus keys for every replica, as one deployment has. */
const busKeys = testBusKeys();

async function startReplica(name: string): Promise<Replica> {
  const ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: name, migrations: [] });
  await ds.initialize();
  const nc = await connect(bus.connectOptions());
  await ensureStreams(await nc.jetstreamManager());
  const recorder = new EventRecorder('users');
  const relay = new OutboxRelay(ds, 'users', nc.jetstream(), busKeys.signer('user-service'), logger);
  relay.start();
  const repository = new SettingsRepository(ds, recorder);
  const holder = new RuntimeSettingsHolder(repository, config, nc, logger, { authenticator: new EventAuthenticator(busKeys.verifier, logger) });
  await holder.onModuleInit();
  return {
    ds,
    nc,
    relay,
    holder,
    service: new SettingsService(repository, holder, config, new UnitOfWork(ds, recorder, relay), 'user-service', new SystemClock()),
  };
}

async function stopReplica(r: Replica): Promise<void> {
  r.holder.onApplicationShutdown();
  await r.relay.stop();
  await r.nc.close();
  await r.ds.destroy();
}

describe('runtime settings on real Postgres and NATS', () => {
  let a: Replica;
  let b: Replica;

  const storedChanges = async (after: number) =>
    (await a.ds.query(`SELECT version, envelope FROM users.event_store WHERE stream_id = $1 AND version > $2 ORDER BY version`, [
      SETTINGS_STREAM,
      after,
    ])) as Array<{ version: number; envelope: EventEnvelope<'ConfigurationChanged'> }>;

  beforeAll(async () => {
    bus = await PrivateNats.start();
    [a, b] = await Promise.all([startReplica('settings-spec-a'), startReplica('settings-spec-b')]);
  });

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopReplica));
    await bus?.stop();
  });

  it('serialises 20 concurrent changes from two replicas: every one lands, each event diffs against the one before', async () => {
    const start = (await a.service.snapshot()).version;
    const values = Array.from({ length: 20 }, (_, i) => 600 + i);
    const results = await Promise.all(values.map((v, i) => (i % 2 ? b : a).service.update({ changes: { access_token_ttl_seconds: v } }, meta(`admin-${i}`))));
    expect(new Set(results.map((r) => r.version)).size).toBe(20);

    const stored = await storedChanges(start);
    expect(stored.map((e) => e.version)).toEqual(values.map((_, i) => start + i + 1));
    for (let i = 1; i < stored.length; i++) {
      const [prev] = stored[i - 1].envelope.data.changes;
      const [cur] = stored[i].envelope.data.changes;
      expect(cur).toMatchObject({ key: 'access_token_ttl_seconds', before: prev.after });
    }
    const outboxed = await a.ds.query(`SELECT count(*)::int AS n FROM users.outbox WHERE envelope->>'id' = ANY($1)`, [stored.map((e) => e.envelope.id)]);
    expect(outboxed[0].n).toBe(20);

    const final = await a.service.snapshot();
    expect(final.version).toBe(start + 20);
    expect(final.settings.access_token_ttl_seconds).toBe(stored[stored.length - 1].envelope.data.changes[0].after);
    for (const r of [a, b])
      await waitFor(() => r.holder.current().access_token_ttl_seconds === final.settings.access_token_ttl_seconds, {
        timeoutMs: 10_000,
        what: 'both replicas to converge',
      });
  });

  it('lets exactly one of two admins with the same If-Match win', async () => {
    const { version } = await a.service.snapshot();
    const outcomes = await Promise.allSettled([
      a.service.update({ changes: { password_policy: 'pci-dss-4' }, expected_version: version }, meta('admin-a')),
      b.service.update({ changes: { password_policy: 'nist-800-63b-4' }, expected_version: version }, meta('admin-b')),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'PRECONDITION_FAILED' } });
    expect((await a.service.snapshot()).version).toBe(version + 1);
  });

  it('applies a change made on one replica to the other through the event, and a replica started later loads it', async () => {
    const target = b.holder.current().password_policy === 'seed' ? 'nist-800-63b-4' : 'seed';
    const started = Date.now();
    await a.service.update({ changes: { password_policy: target, cors_origins: ['https://console.example.com'] } }, meta('admin-a'));
    expect(a.holder.current().password_policy).toBe(target);
    await waitFor(() => b.holder.current().password_policy === target, { timeoutMs: 5_000, intervalMs: 5, what: 'the other replica to apply the change' });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);

    const late = await startReplica('settings-spec-late');
    try {
      expect(late.holder.current()).toEqual((await a.service.snapshot()).settings);
      expect(late.holder.current().cors_origins).toEqual(['https://console.example.com']);
    } finally {
      await stopReplica(late);
    }
  });

  it('records nothing when nothing changes', async () => {
    const before = await a.service.snapshot();
    const after = await b.service.update({ changes: { ...before.settings } }, meta('admin-b'));
    expect(after.version).toBe(before.version);
    expect(await storedChanges(before.version)).toEqual([]);
  });
});
