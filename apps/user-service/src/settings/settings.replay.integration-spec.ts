/**
 * The settings aggregate rebuilt from its stream alone equals what the service answered live. The
 * settings have no stored projection (every reader folds the stream: SettingsRepository.load), so
 * the "rows" compared are the keys of each answer: after a mixed workload (changes of different
 * keys, a change that changes nothing, a stale If-Match, concurrent changes), the stream folded
 * from scratch up to each answer's version gives that answer key for key, and the replica's
 * applied copy (RuntimeSettingsHolder, fed by the bus) converges on the fold of the whole stream.
 */
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { parseConfig, userServiceSchema } from '@tr4ction/config';
import type { RequestMeta, RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import { ensureStreams, EventAuthenticator, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource, EventStore } from '@tr4ction/persistence';
import { SystemClock } from '@tr4ction/platform';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, PrivateNats, testBusKeys, waitFor } from '@tr4ction/testing';
import { RuntimeSettingsHolder } from './runtime-settings.holder';
import { settingsDefaults } from './settings.defaults';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { foldSettings, SETTINGS_STREAM } from './settings.state';

const logger = createLogger('settings-replay-spec', 'silent');
const config = parseConfig(userServiceSchema, {});
const meta = (admin: string): RequestMeta => ({ actor: { type: 'user', id: admin }, ip: '127.0.0.1' });

describe('settings aggregate: replay equals live', () => {
  let bus: PrivateNats;
  let ds: DataSource;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let holder: RuntimeSettingsHolder;
  let service: SettingsService;

  beforeAll(async () => {
    bus = await PrivateNats.start();
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'settings-replay-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(bus.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
    const keys = testBusKeys();
    const recorder = new EventRecorder('users');
    relay = new OutboxRelay(ds, 'users', nc.jetstream(), keys.signer('user-service'), logger);
    relay.start();
    const repository = new SettingsRepository(ds, recorder);
    holder = new RuntimeSettingsHolder(repository, config, nc, logger, { authenticator: new EventAuthenticator(keys.verifier, logger) });
    await holder.onModuleInit();
    service = new SettingsService(repository, holder, config, new UnitOfWork(ds, recorder, relay), 'user-service', new SystemClock());
  });

  afterAll(async () => {
    holder?.onApplicationShutdown();
    await relay?.stop();
    await nc?.close();
    await ds?.destroy();
    await bus?.stop();
  });

  it('folds the stream from scratch into exactly the answers given live, key for key', async () => {
    const answers: RuntimeSettingsSnapshot[] = [];
    const start = await service.snapshot();
    answers.push(await service.update({ changes: { access_token_ttl_seconds: 700 } }, meta('admin-1')));
    answers.push(
      await service.update(
        { changes: { password_policy: start.settings.password_policy === 'pci-dss-4' ? 'seed' : 'pci-dss-4', cors_origins: ['https://replay.example.com'] } },
        meta('admin-2'),
      ),
    );
    answers.push(await service.update({ changes: { access_token_ttl_seconds: 700 } }, meta('admin-1'))); // changes nothing
    await expect(service.update({ changes: { access_token_ttl_seconds: 800 }, expected_version: start.version }, meta('admin-3'))).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    answers.push(...(await Promise.all([810, 820, 830].map((ttl, i) => service.update({ changes: { access_token_ttl_seconds: ttl } }, meta(`admin-c${i}`))))));
    answers.push(await service.update({ changes: { password_policy: start.settings.password_policy } }, meta('admin-4')));
    const final = await service.snapshot();
    expect(final.version).toBe(start.version + 6);

    const stream = await new EventStore('users').load(ds.manager, SETTINGS_STREAM);
    const defaults = settingsDefaults(config);
    for (const live of [start, ...answers, final]) {
      const replayed = foldSettings(
        defaults,
        stream.filter((e) => e.version <= live.version),
      );
      for (const key of Object.keys(live.settings))
        expect({ key, value: replayed.settings[key as keyof typeof replayed.settings] }).toEqual({
          key,
          value: live.settings[key as keyof typeof live.settings],
        });
      expect(replayed).toEqual(live);
    }
    const whole = foldSettings(defaults, stream);
    await waitFor(() => JSON.stringify(holder.current()) === JSON.stringify(whole.settings), {
      timeoutMs: 10_000,
      what: 'the replica to apply the last change',
    });
    expect(holder.current()).toEqual(whole.settings);
  });
});
