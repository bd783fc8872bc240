import type { DataSource, EntityManager } from 'typeorm';
import { createEvent, type EventEnvelope, type RequestMeta, type RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import type { userServiceSchema, ConfigOf } from '@tr4ction/config';
import { Outbox, UnitOfWork, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import { ConcurrencyError } from '@tr4ction/persistence';
import type { RuntimeSettingsHolder } from './runtime-settings.holder';
import type { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { foldSettings } from './settings.state';

const TRACE = { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) };

const config = {
  PASSWORD_POLICY: 'seed',
  CORS_ORIGINS: ['https://a.example.com'],
  ACCESS_TOKEN_TTL_SECONDS: 900,
  REFRESH_TOKEN_TTL_DAYS: 30,
  SESSION_IDLE_TIMEOUT_SECONDS: 604_800,
  SESSION_MAX_LIFETIME_SECONDS: 2_592_000,
  MFA_REQUIRED_ROLES: [],
} as unknown as ConfigOf<typeof userServiceSchema>;
const meta: RequestMeta = { actor: { type: 'user', id: 'admin-1' }, ip: '203.0.113.9', user_agent: 'console' };

/** An in-memory settings stream (unit test: no Postgres), with optional writers that race ahead. */
function setup() {
  const stream: Array<{ version: number; envelope: EventEnvelope }> = [];
  const racers: Array<() => void> = [];
  // A fake transaction (unit test): the real Outbox writes through it, so the unit of work sees events queued.
  const m = { query: async () => [] } as unknown as EntityManager;
  const outbox = new Outbox('users');
  const repository = {
    transaction: <T>(fn: (m: EntityManager) => Promise<T>) => fn(m),
    lock: async () => undefined,
    load: async (defaults: Parameters<typeof foldSettings>[0]) => foldSettings(defaults, stream),
    append: async (tx: EntityManager, expected: number, events: EventEnvelope[]) => {
      racers.shift()?.();
      if (stream.length !== expected) throw new ConcurrencyError('configuration-settings', expected);
      for (const e of events) stream.push({ version: stream.length + 1, envelope: e });
      await outbox.enqueue(tx, events);
      return stream.length;
    },
  } as unknown as SettingsRepository;
  const offered: RuntimeSettingsSnapshot[] = [];
  const holder = { offer: (s: RuntimeSettingsSnapshot) => offered.push(s) } as unknown as RuntimeSettingsHolder;
  const relay = { wake: jest.fn(), publishCommitted: jest.fn() } as unknown as OutboxRelay;
  // A fake data source (unit test): its transaction is the fake repository's.
  const unitOfWork = new UnitOfWork(
    { transaction: (fn: (m: EntityManager) => Promise<unknown>) => fn(m) } as unknown as DataSource,
    {} as EventRecorder,
    relay,
  );
  const sut = new SettingsService(repository, holder, config, unitOfWork, 'user-service', { now: () => new Date('2030-01-01T00:00:00Z') });
  const otherAdminChanges = (changes: Array<{ key: string; before: unknown; after: unknown }>) =>
    racers.push(() =>
      stream.push({
        version: stream.length + 1,
        envelope: createEvent({
          type: 'ConfigurationChanged',
          actor: { type: 'user', id: 'admin-2' },
          subject: { type: 'configuration', id: 'settings' },
          source: { service: 'user-service' },
          trace: TRACE,
          data: { changes },
        }),
      }),
    );
  return { sut, stream, offered, relay, otherAdminChanges };
}

describe(SettingsService.name, () => {
  it('starts from the environment defaults', async () => {
    const { sut } = setup();
    expect(await sut.snapshot()).toEqual({
      version: 0,
      settings: {
        password_policy: 'seed',
        cors_origins: ['https://a.example.com'],
        access_token_ttl_seconds: 900,
        refresh_token_ttl_seconds: 2_592_000,
        session_idle_timeout_seconds: 604_800,
        session_max_lifetime_seconds: 2_592_000,
        mfa_required_roles: [],
      },
      overrides: {},
      updated_at: null,
      updated_by: null,
    });
  });

  it('records one ConfigurationChanged with the before and after of each changed key, actor and source from the request', async () => {
    const { sut, stream, offered, relay } = setup();
    const result = await sut.update(
      { changes: { password_policy: 'pci-dss-4', access_token_ttl_seconds: 900, cors_origins: ['https://B.example.com'] } },
      meta,
    );

    expect(stream).toHaveLength(1);
    const event = stream[0].envelope as EventEnvelope<'ConfigurationChanged'>;
    expect(event.type).toBe('ConfigurationChanged');
    expect(event.data.changes).toEqual([
      { key: 'password_policy', before: 'seed', after: 'pci-dss-4' },
      { key: 'cors_origins', before: ['https://a.example.com'], after: ['https://b.example.com'] },
    ]);
    expect(event.actor).toEqual({ type: 'user', id: 'admin-1' });
    expect(event.source).toMatchObject({ service: 'user-service', ip: '203.0.113.9', user_agent: 'console' });
    expect(event.subject).toEqual({ type: 'configuration', id: 'settings' });
    expect(result).toMatchObject({
      version: 1,
      overrides: { password_policy: 'pci-dss-4', cors_origins: ['https://b.example.com'] },
      updated_by: { type: 'user', id: 'admin-1' },
    });
    expect(result.settings.access_token_ttl_seconds).toBe(900);
    expect(offered).toEqual([result]);
    expect(relay.publishCommitted).toHaveBeenCalled();
  });

  it('records nothing for a change that changes nothing', async () => {
    const { sut, stream, offered } = setup();
    await sut.update({ changes: { password_policy: 'nist-800-63b-4' } }, meta);
    const again = await sut.update({ changes: { password_policy: 'nist-800-63b-4', access_token_ttl_seconds: 900 } }, meta);
    expect(stream).toHaveLength(1);
    expect(again.version).toBe(1);
    expect(offered).toHaveLength(1);
  });

  it('refuses bad values naming every key, before touching the stream', async () => {
    const { sut, stream } = setup();
    await expect(sut.update({ changes: { password_policy: 'weak', cors_origins: ['*'] } as never }, meta)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/password_policy.*cors_origins/),
    });
    expect(stream).toHaveLength(0);
  });

  it('re-diffs against the winner when another admin got there first, so both changes land', async () => {
    const { sut, stream, otherAdminChanges } = setup();
    otherAdminChanges([{ key: 'access_token_ttl_seconds', before: 900, after: 600 }]);
    const result = await sut.update({ changes: { password_policy: 'pci-dss-4' } }, meta);
    expect(stream.map((e) => e.envelope.actor.id)).toEqual(['admin-2', 'admin-1']);
    expect(result.settings).toMatchObject({ access_token_ttl_seconds: 600, password_policy: 'pci-dss-4' });
  });

  it('answers 412 instead of applying when If-Match names an older version', async () => {
    const { sut, stream, otherAdminChanges } = setup();
    await sut.update({ changes: { access_token_ttl_seconds: 600 } }, meta);
    await expect(sut.update({ changes: { access_token_ttl_seconds: 700 }, expected_version: 0 }, meta)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    otherAdminChanges([{ key: 'password_policy', before: 'seed', after: 'nist-800-63b-4' }]);
    await expect(sut.update({ changes: { access_token_ttl_seconds: 700 }, expected_version: 1 }, meta)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(stream).toHaveLength(2);
    expect((await sut.update({ changes: { access_token_ttl_seconds: 700 }, expected_version: 2 }, meta)).version).toBe(3);
  });

  it('gives up with 409 when the stream keeps moving', async () => {
    const { sut, otherAdminChanges } = setup();
    for (let i = 0; i < 5; i++) otherAdminChanges([{ key: 'access_token_ttl_seconds', before: 900, after: 600 + i }]);
    await expect(sut.update({ changes: { password_policy: 'pci-dss-4' } }, meta)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
