/**
 * The service-account aggregate on real Postgres (and a real outbox relay on NATS), driven through
 * the real commands: create (with and without expiry, one kept in a file store), operator
 * rotations, concurrent rotations of one account, revocation, a staged rotation through the file
 * store. Then: every aggregate equals its read-model row; a writer that loaded before the stream
 * moved gets CONFLICT; no secret or hash is in any event; service_accounts_v1 and rotation_jobs_v1
 * rebuilt from the event store alone into fresh tables equal the live ones row for row, and a live
 * replay keeps the operational job rows.
 *
 * Compared columns: all of service_accounts_v1. rotation_jobs_v1 without `last_failure` and only
 * rows some step completed (stream_version > 0): the failure note and the idle lock row a first
 * pass creates are the retry loop's operational state, not events (see rotation.replay.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, ensureStreams, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { StagedSecretStores } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { hashOpaqueToken } from '@tr4ction/tokens';
import { integrationEnv, ManualClock, testBusKeys } from '@tr4ction/testing';
import { LIVE_PROJECTIONS, replayRotation } from '../rotation.replay';
import { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { StagedRotationRunner } from '../staged-rotation/staged-rotation.runner';
import { ServiceAccountAggregates } from './service-account-aggregates';
import { ServiceAccountSecretRotation } from './service-account-secret.rotation';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';
import type { ServiceAccountRow } from './service-accounts.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('service-account-aggregate-spec', 'silent');
const REPLAY = {
  signingKeys: 'rotation.signing_keys_v1_sa_replay_spec',
  serviceAccounts: 'rotation.service_accounts_v1_sa_replay_spec',
  rotationJobs: 'rotation.rotation_jobs_v1_sa_replay_spec',
};
const JOB_COLUMNS = 'what, subject_id, step, version_id, stream_version, updated_at';

describe('service-account aggregate on real Postgres and NATS', () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;
  let sut: ServiceAccountsService;
  let staged: ServiceAccountSecretRotation;
  let aggregates: ServiceAccountAggregates;
  let jobs: RotationJobsRepository;
  const clock = new ManualClock();
  const ids: Record<string, string> = {};
  const secrets: string[] = [];

  const accounts = (table: string): Promise<ServiceAccountRow[]> => ds.query(`SELECT * FROM ${table} ORDER BY id`);
  const jobRows = (table: string) => ds.query(`SELECT ${JOB_COLUMNS} FROM ${table} WHERE stream_version > 0 ORDER BY what, subject_id`);

  beforeAll(async () => {
    ds = createServiceDataSource({
      url: integrationEnv().databaseUrl,
      schema: 'rotation',
      service: 'service-account-aggregate-spec',
      migrations: [],
      poolSize: 8,
    });
    await ds.initialize();
    nc = await connect(integrationEnv().natsOptions);
    await ensureStreams(await nc.jetstreamManager());
    // The whole store is compared with the whole projections: start both empty.
    await ds.query(
      `TRUNCATE rotation.signing_keys_v1, rotation.signing_key_material, rotation.service_accounts_v1, rotation.service_account_secrets, rotation.rotation_jobs_v1, rotation.event_store, rotation.outbox, rotation.rotation_reminders`,
    );
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-sa-aggregate-'));
    const config = parseConfig(rotationServiceSchema, {});
    const recorder = new EventRecorder('rotation');
    const relay = new OutboxRelay(ds, 'rotation', nc.jetstream(), testBusKeys().signer('rotation-service'), logger);
    const stores = new StagedSecretStores({ fileDir: dir });
    const repository = new ServiceAccountsRepository(ds);
    aggregates = new ServiceAccountAggregates(recorder);
    jobs = new RotationJobsRepository(ds);
    sut = new ServiceAccountsService(repository, aggregates, new UnitOfWork(ds, recorder, relay), 'rotation-service', clock, config, logger, stores);
    staged = new ServiceAccountSecretRotation(
      repository,
      aggregates,
      sut,
      jobs,
      new StagedRotationRunner(jobs, new UnitOfWork(ds, recorder, relay), 'rotation-service', clock, logger, config),
      stores,
      clock,
    );
  });

  afterAll(async () => {
    for (const table of Object.values(REPLAY)) await ds?.query(`DROP TABLE IF EXISTS ${table}`);
    await nc?.close();
    await ds?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a mixed workload of commands; each decision is recorded in the account stream', async () => {
    const create = async (name: string, extra: Partial<Parameters<ServiceAccountsService['create']>[0]> = {}) => {
      const created = await sut.create({ name, scopes: ['audit:read'], ...extra }, ADMIN);
      ids[name] = created.id;
      secrets.push(created.client_secret);
    };
    await create('plain');
    await create('expiring', { expires_in_days: 10 });
    await create('stored', { secret_ref: { provider: 'file', name: 'sa-aggregate-stored' } });
    await create('revoked');

    clock.setOffset(DAY_MS);
    secrets.push((await sut.rotate(ids.plain, ADMIN)).client_secret);
    clock.setOffset(2 * DAY_MS);
    secrets.push((await sut.rotate(ids.plain, ADMIN)).client_secret);
    secrets.push((await sut.rotate(ids.expiring, ADMIN)).client_secret);
    await sut.revoke(ids.revoked, 'retired client', ADMIN);
    await sut.revoke(ids.revoked, 'again', ADMIN); // already revoked: nothing recorded
    await expect(sut.rotate(ids.revoked, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(sut.rotate(ids.stored, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(sut.rotate('00000000-0000-7000-8000-00000000dead', ADMIN)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    clock.setOffset(31 * DAY_MS);
    expect(await staged.rotateDue()).toEqual([expect.objectContaining({ status: 'rotated' })]);
    await expect(staged.rotateNow(ids.revoked, ADMIN)).rejects.toMatchObject({ code: 'CONFLICT' });

    const types = async (id: string) =>
      (await ds.query(`SELECT type FROM rotation.event_store WHERE stream_id = $1 ORDER BY version`, [`service-account-${id}`])).map(
        (r: { type: string }) => r.type,
      );
    expect(await types(ids.plain)).toEqual(['ServiceAccountCreated', 'SecretRotated', 'SecretRotated']);
    expect(await types(ids.revoked)).toEqual(['ServiceAccountCreated', 'ServiceAccountRevoked']);
    expect(await types(ids.stored)).toEqual(['ServiceAccountCreated', 'SecretRotated']);
    expect(await aggregates.load(ds.manager, ids.stored)).toMatchObject({
      version: 2,
      secret_ref: { provider: 'file', name: 'sa-aggregate-stored' },
      status: 'active',
    });
  });

  it('serialises concurrent rotations of one account: all land, each on the state the one before left', async () => {
    const before = await aggregates.load(ds.manager, ids.expiring);
    const rotated = await Promise.all(Array.from({ length: 6 }, () => sut.rotate(ids.expiring, ADMIN)));
    secrets.push(...rotated.map((r) => r.client_secret));
    expect(await aggregates.load(ds.manager, ids.expiring)).toMatchObject({ version: before.version + 6 });
    // At most two secrets ever work: the current one and the previous one in its overlap.
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rotation.service_account_secrets WHERE account_id = $1 AND (valid_until IS NULL OR valid_until > $2)`,
      [ids.expiring, clock.now()],
    );
    expect(n).toBe(2);
  });

  it('each aggregate equals its read-model row', async () => {
    const live = await accounts('rotation.service_accounts_v1');
    expect(live).toHaveLength(4);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    for (const row of live) {
      expect(await aggregates.load(ds.manager, row.id)).toEqual({
        id: row.id,
        version: row.version,
        client_id: row.client_id,
        name: row.name,
        scopes: row.scopes,
        status: row.status,
        created_at: iso(row.created_at),
        expires_at: iso(row.expires_at),
        secret_rotated_at: iso(row.secret_rotated_at),
        previous_valid_until: iso(row.previous_valid_until),
        revoked_at: iso(row.revoked_at),
        secret_ref: row.secret_ref,
      });
    }
  });

  it('a writer that loaded before the stream moved gets CONFLICT and changes nothing', async () => {
    const stale = await aggregates.load(ds.manager, ids.plain);
    await sut.rotate(ids.plain, ADMIN);
    const late = buildEvent('rotation-service', ADMIN, {
      type: 'ServiceAccountRevoked',
      subject: { type: 'service-account', id: ids.plain },
      data: { client_id: stale.client_id },
    });
    await expect(ds.transaction((m) => aggregates.append(m, stale, [late]))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await aggregates.load(ds.manager, ids.plain)).toMatchObject({ version: stale.version + 1, status: 'active' });
  });

  it('keeps every secret and its hash out of every event', async () => {
    expect(secrets.length).toBeGreaterThan(8);
    const hashes: Array<{ secret_hash: string }> = await ds.query(`SELECT secret_hash FROM rotation.service_account_secrets`);
    for (const secret of [...secrets, ...secrets.map(hashOpaqueToken), ...hashes.map((h) => h.secret_hash)]) {
      const [found] = await ds.query(`SELECT count(*)::int AS n FROM rotation.event_store WHERE strpos(envelope::text, $1) > 0`, [secret]);
      expect(found.n).toBe(0);
    }
  });

  it('rebuilds service_accounts_v1 and rotation_jobs_v1 from the event store alone into fresh tables, equal to the live ones row for row', async () => {
    for (const [key, table] of Object.entries(REPLAY)) {
      await ds.query(`DROP TABLE IF EXISTS ${table}`);
      await ds.query(`CREATE TABLE ${table} (LIKE ${LIVE_PROJECTIONS[key as keyof typeof LIVE_PROJECTIONS]} INCLUDING ALL)`);
    }
    const counts = await replayRotation(ds, { into: REPLAY });
    expect(counts).toMatchObject({ service_accounts: 16, rotation_jobs: 4, skipped: 0 });
    expect(await accounts(REPLAY.serviceAccounts)).toEqual(await accounts('rotation.service_accounts_v1'));
    const liveJobs = await jobRows('rotation.rotation_jobs_v1');
    expect(liveJobs).toHaveLength(1);
    expect(await jobRows(REPLAY.rotationJobs)).toEqual(liveJobs);
  });

  it('a live replay rebuilds them in place and keeps the operational job rows and failure notes', async () => {
    const now = clock.now();
    await jobs.transaction((m) => jobs.lock(m, 'jwt_secret', 'JWT_SECRET_KEY', now)); // a first pass's idle lock row
    await jobs.noteFailure('service_account_secret', ids.stored, 'create:InjectedFault', now);
    const accountsBefore = await accounts('rotation.service_accounts_v1');
    const jobsBefore = await ds.query(`SELECT * FROM rotation.rotation_jobs_v1 ORDER BY what, subject_id`);
    expect(jobsBefore).toHaveLength(2);

    await replayRotation(ds);

    expect(await accounts('rotation.service_accounts_v1')).toEqual(accountsBefore);
    expect(await ds.query(`SELECT * FROM rotation.rotation_jobs_v1 ORDER BY what, subject_id`)).toEqual(jobsBefore);
  });
});
