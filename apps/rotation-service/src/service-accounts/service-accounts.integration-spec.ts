/**
 * Service accounts on real Postgres, with the clock moved: the secret is shown once and stored as
 * a hash, rotation keeps the previous secret for the grace window only, revocation and expiry stop
 * every secret, and a due rotation is reminded once.
 */
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { StagedSecretStores } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { hashOpaqueToken } from '@tr4ction/tokens';
import { integrationEnv, ManualClock, testBusKeys } from '@tr4ction/testing';
import { ServiceAccountAggregates } from './service-account-aggregates';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('service-accounts-spec', 'silent');

describe(ServiceAccountsService.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let clock: ManualClock;
  let sut: ServiceAccountsService;

  const verify = (clientId: string, secret: string) => sut.verify({ client_id: clientId, secret_hash: hashOpaqueToken(secret) });

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'service-accounts-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(integrationEnv().natsOptions);
    await ensureStreams(await nc.jetstreamManager());
  });

  afterAll(async () => {
    await ds.destroy();
    await nc.close();
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE rotation.service_accounts_v1, rotation.service_account_secrets, rotation.rotation_reminders`);
    clock = new ManualClock();
    const config = parseConfig(rotationServiceSchema, {});
    sut = new ServiceAccountsService(
      new ServiceAccountsRepository(ds),
      new ServiceAccountAggregates(new EventRecorder('rotation')),
      new UnitOfWork(ds, new EventRecorder('rotation'), new OutboxRelay(ds, 'rotation', nc.jetstream(), testBusKeys().signer('rotation-service'), logger)),
      'rotation-service',
      clock,
      config,
      logger,
      new StagedSecretStores(),
    );
  });

  it('shows the secret once (32+ random bytes) and stores only its hash', async () => {
    const created = await sut.create({ name: 'billing exporter', scopes: ['audit:read', 'audit:read', 'keys:read'] }, ADMIN);

    expect(created.client_secret).toMatch(/^sk_[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(created.client_secret.slice(3), 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(created.scopes).toEqual(['audit:read', 'keys:read']);
    const stored = JSON.stringify(await ds.query(`SELECT * FROM rotation.service_account_secrets`));
    expect(stored).not.toContain(created.client_secret);
    expect(stored).toContain(hashOpaqueToken(created.client_secret));
    const events = JSON.stringify(await ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->'subject'->>'id' = $1`, [created.id]));
    expect(events).toContain('ServiceAccountCreated');
    expect(events).not.toContain(created.client_secret);
    expect(events).not.toContain(hashOpaqueToken(created.client_secret));
    expect(JSON.stringify(await sut.list())).not.toContain(created.client_secret);

    await expect(verify(created.client_id, created.client_secret)).resolves.toMatchObject({ id: created.id, scopes: ['audit:read', 'keys:read'] });
  });

  it.each([[['deploy']], [['password:change']], [['audit:read', 'admin']], ['audit:read']])(
    'refuses scopes outside the grantable table: %j',
    async (scopes) => {
      await expect(sut.create({ name: 'bad', scopes } as never, ADMIN)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    },
  );

  it('rotation: the previous secret works through the grace window (24 h) and not after it', async () => {
    const created = await sut.create({ name: 'ci', scopes: ['keys:rotate'] }, ADMIN);

    const before = clock.now().getTime();
    const rotated = await sut.rotate(created.id, ADMIN);

    const graceEnd = Date.parse(rotated.previous_valid_until) - 24 * HOUR_MS;
    expect(graceEnd).toBeGreaterThanOrEqual(before);
    expect(graceEnd).toBeLessThanOrEqual(clock.now().getTime());
    await expect(verify(created.client_id, created.client_secret)).resolves.toMatchObject({ id: created.id });
    await expect(verify(created.client_id, rotated.client_secret)).resolves.toMatchObject({ id: created.id });
    clock.setOffset(23 * HOUR_MS);
    await expect(verify(created.client_id, created.client_secret)).resolves.toMatchObject({ id: created.id });
    clock.setOffset(24 * HOUR_MS + 1000);
    await expect(verify(created.client_id, created.client_secret)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(verify(created.client_id, rotated.client_secret)).resolves.toMatchObject({ id: created.id });
    expect((await sut.list())[0]).toMatchObject({ previous_valid_until: null, secret_rotated_at: expect.any(String) });
  });

  it('a second rotation inside the grace window ends the oldest secret at once', async () => {
    const created = await sut.create({ name: 'ci', scopes: [] }, ADMIN);
    const first = await sut.rotate(created.id, ADMIN);
    const second = await sut.rotate(created.id, ADMIN);

    await expect(verify(created.client_id, created.client_secret)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(verify(created.client_id, first.client_secret)).resolves.toMatchObject({ id: created.id });
    await expect(verify(created.client_id, second.client_secret)).resolves.toMatchObject({ id: created.id });
  });

  it('revocation stops every secret and records ServiceAccountRevoked', async () => {
    const created = await sut.create({ name: 'ci', scopes: [] }, ADMIN);
    const rotated = await sut.rotate(created.id, ADMIN);

    await expect(sut.revoke(created.id, 'leaked', ADMIN)).resolves.toMatchObject({ status: 'revoked' });

    await expect(verify(created.client_id, created.client_secret)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(verify(created.client_id, rotated.client_secret)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(sut.rotate(created.id, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });
    const revoked: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM rotation.event_store WHERE stream_id = $1 AND type = 'ServiceAccountRevoked'`,
      [`service-account-${created.id}`],
    );
    expect(Number(revoked[0].n)).toBe(1);
  });

  it('an expired account gets no token', async () => {
    const created = await sut.create({ name: 'temp', scopes: [], expires_in_days: 1 }, ADMIN);
    clock.setOffset(DAY_MS + 1000);
    await expect(verify(created.client_id, created.client_secret)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await sut.list())[0].status).toBe('expired');
  });

  it('answers the same for an unknown client, a wrong secret and a malformed hash', async () => {
    const created = await sut.create({ name: 'ci', scopes: [] }, ADMIN);
    const failures = await Promise.all([
      verify('sa-unknown', created.client_secret).catch((e: unknown) => e),
      verify(created.client_id, 'sk_wrong').catch((e: unknown) => e),
      sut.verify({ client_id: created.client_id, secret_hash: 'not-a-hash' }).catch((e: unknown) => e),
    ]);
    for (const f of failures) expect(f).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Invalid client credentials' });
  });

  it('reminds once when a secret is due for rotation (30 days, 7 days ahead)', async () => {
    const created = await sut.create({ name: 'ci', scopes: [] }, ADMIN);
    clock.setOffset(22 * DAY_MS);
    expect(await sut.remindDue()).toBe(0);
    clock.setOffset(23 * DAY_MS + 1000);
    expect(await sut.remindDue()).toBe(1);
    expect(await sut.remindDue()).toBe(0);
    const due: Array<{ data: { what: string; id: string } }> = await ds.query(
      `SELECT envelope->'data' AS data FROM rotation.outbox WHERE envelope->>'type' = 'RotationDue' AND envelope->'subject'->>'id' = $1`,
      [created.id],
    );
    expect(due.map((d) => d.data)).toEqual([expect.objectContaining({ what: 'service_account_secret', id: created.id })]);
  });
});
