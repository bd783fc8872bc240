/**
 * The signing-key aggregate on real Postgres (and a real outbox relay on NATS), driven through the
 * real commands with the clock moved: bootstrap, a scheduled rotation, a retirement, a requested
 * rotation, revocation of a next key and an emergency revocation of the active one. Then: every
 * key's aggregate equals its read-model row; a writer that loaded before the stream moved gets
 * CONFLICT; no key material is in any event; signing_keys_v1 rebuilt from the event store alone
 * into a fresh table equals the live one row for row, and a live replay leaves it unchanged.
 *
 * Compared columns: all of signing_keys_v1. None is operational: statuses and their times come
 * from the events, the public halves from signing_key_material (the state table the events name).
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, ensureStreams, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SigningSecrets } from '@tr4ction/platform';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { integrationEnv, ManualClock, testBusKeys } from '@tr4ction/testing';
import { LIVE_PROJECTIONS, replayRotation } from '../rotation.replay';
import { SigningKeyAggregates } from './signing-key-aggregates';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';
import type { SigningKeyRow } from './signing-keys.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('signing-key-aggregate-spec', 'silent');
const REPLAY = {
  signingKeys: 'rotation.signing_keys_v1_replay_spec',
  serviceAccounts: 'rotation.service_accounts_v1_replay_spec',
  rotationJobs: 'rotation.rotation_jobs_v1_replay_spec',
};

describe('signing-key aggregate on real Postgres and NATS', () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let sut: SigningKeysService;
  let aggregates: SigningKeyAggregates;
  const clock = new ManualClock();

  const rows = (table: string): Promise<SigningKeyRow[]> => ds.query(`SELECT * FROM ${table} ORDER BY kid`);
  const ofStatus = async (status: string) => (await rows('rotation.signing_keys_v1')).filter((r) => r.status === status).map((r) => r.kid);

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'signing-key-aggregate-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(integrationEnv().natsOptions);
    await ensureStreams(await nc.jetstreamManager());
    // The whole store is compared with the whole projection: start both empty.
    await ds.query(
      `TRUNCATE rotation.signing_keys_v1, rotation.signing_key_material, rotation.service_accounts_v1, rotation.service_account_secrets, rotation.rotation_jobs_v1, rotation.event_store, rotation.outbox, rotation.rotation_reminders`,
    );
    await ds.query(`UPDATE rotation.scheduler_jobs SET rotation_requested_at = NULL, last_run_at = NULL`);
    const config = parseConfig(rotationServiceSchema, { JWKS_CACHE_SECONDS: '300', JWT_ALGORITHM: 'ES256' });
    const recorder = new EventRecorder('rotation');
    const window = new AccessTokenLifetimeWindow({ envSeconds: config.ACCESS_TOKEN_TTL_SECONDS, maxSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
    window.observe(config.ACCESS_TOKEN_TTL_SECONDS, Date.now(), null);
    const secrets = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: randomBytes(32).toString('hex') }) });
    const relay = new OutboxRelay(ds, 'rotation', nc.jetstream(), testBusKeys().signer('rotation-service'), logger);
    aggregates = new SigningKeyAggregates(recorder);
    sut = new SigningKeysService(
      new SigningKeysRepository(ds),
      aggregates,
      new UnitOfWork(ds, recorder, relay),
      'rotation-service',
      clock,
      config,
      logger,
      secrets,
      window,
    );
  });

  afterAll(async () => {
    for (const table of Object.values(REPLAY)) await ds?.query(`DROP TABLE IF EXISTS ${table}`);
    await nc?.close();
    await ds?.destroy();
  });

  it('runs a mixed workload of commands; each key is decided on and recorded in its stream', async () => {
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [second] = await ofStatus('next');

    clock.setOffset(90 * DAY_MS + 1000);
    await sut.reconcile();
    expect(await ofStatus('active')).toEqual([second]);
    clock.setOffset(90 * DAY_MS + 17 * 60_000);
    await sut.reconcile();
    expect(await ofStatus('retired')).toEqual([first]);

    const [third] = await ofStatus('next');
    await expect(sut.requestRotation(ADMIN)).resolves.toMatchObject({ status: 'rotated', active_kid: third, previous_kid: second });
    const [fourth] = await ofStatus('next');
    await sut.revoke(fourth, 'withdrawn', ADMIN);
    const [fifth] = await ofStatus('next');
    await sut.revoke(third, 'compromised', ADMIN);
    expect(await ofStatus('active')).toEqual([fifth]);
    await expect(sut.revoke('no-such-kid', 'x', ADMIN)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const byKid = new Map((await aggregates.loadAll(ds.manager)).map((k) => [k.kid, k]));
    expect(byKid.get(first)).toMatchObject({ status: 'retired', version: 5 }); // created, active, SecretRotated, retiring, retired
    expect(byKid.get(third)).toMatchObject({ status: 'revoked', revoke_reason: 'compromised' });
    expect(byKid.get(fourth)).toMatchObject({ status: 'revoked', revoke_reason: 'withdrawn', activated_at: null });
    expect((await aggregates.live(ds.manager)).map((k) => k.status).sort()).toEqual(['active', 'next', 'retiring']);
  });

  it('each aggregate equals its read-model row', async () => {
    const live = await rows('rotation.signing_keys_v1');
    expect(live.length).toBeGreaterThanOrEqual(6);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    for (const row of live) {
      const key = await aggregates.load(ds.manager, row.kid);
      expect(key).toEqual({
        kid: row.kid,
        version: row.version,
        alg: row.alg,
        status: row.status,
        created_at: iso(row.created_at),
        activated_at: iso(row.activated_at),
        retiring_at: iso(row.retiring_at),
        retired_at: iso(row.retired_at),
        revoked_at: iso(row.revoked_at),
        revoke_reason: row.revoke_reason,
      });
    }
  });

  it('a writer that loaded before the stream moved gets CONFLICT and changes nothing', async () => {
    const [active] = await ofStatus('active');
    const stale = await aggregates.load(ds.manager, active);
    await sut.revoke(active, 'moved meanwhile', ADMIN);
    const late = buildEvent('rotation-service', ADMIN, {
      type: 'SigningKeyRevoked',
      subject: { type: 'signing-key', id: active },
      data: { kid: active, reason: 'late' },
    });
    await expect(ds.transaction((m) => aggregates.append(m, stale, [late]))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await aggregates.load(ds.manager, active)).toMatchObject({ version: stale.version + 1, revoke_reason: 'moved meanwhile' });
    const [outboxed] = await ds.query(`SELECT count(*)::int AS n FROM rotation.outbox WHERE event_id = $1`, [late.id]);
    expect(outboxed.n).toBe(0);
  });

  it('keeps the key material out of every event', async () => {
    const material: Array<{ encrypted_private_key: string; public_pem: string }> = await ds.query(
      `SELECT encrypted_private_key, public_pem FROM rotation.signing_key_material`,
    );
    expect(material.length).toBeGreaterThan(0);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rotation.event_store WHERE envelope::text LIKE '%PRIVATE KEY%' OR envelope::text LIKE '%PUBLIC KEY%'`,
    );
    expect(n).toBe(0);
    for (const m of material) {
      const [found] = await ds.query(`SELECT count(*)::int AS n FROM rotation.event_store WHERE strpos(envelope::text, $1) > 0`, [
        m.encrypted_private_key.slice(0, 40),
      ]);
      expect(found.n).toBe(0);
    }
  });

  it('rebuilds signing_keys_v1 from the event store alone into a fresh table, equal to the live one row for row', async () => {
    for (const [key, table] of Object.entries(REPLAY)) {
      await ds.query(`DROP TABLE IF EXISTS ${table}`);
      await ds.query(`CREATE TABLE ${table} (LIKE ${LIVE_PROJECTIONS[key as keyof typeof LIVE_PROJECTIONS]} INCLUDING ALL)`);
    }
    const counts = await replayRotation(ds, { into: REPLAY });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rotation.event_store WHERE stream_id LIKE 'signing-key-%'`);
    expect(counts.signing_keys).toBe(n);
    const live = await rows('rotation.signing_keys_v1');
    expect(await rows(REPLAY.signingKeys)).toEqual(live);
    expect(live.length).toBeGreaterThanOrEqual(6);
  });

  it('a live replay leaves signing_keys_v1 as it was', async () => {
    const before = await rows('rotation.signing_keys_v1');
    await replayRotation(ds);
    expect(await rows('rotation.signing_keys_v1')).toEqual(before);
  });
});
