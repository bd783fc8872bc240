/**
 * The signing-key lifecycle on real Postgres (and a real outbox relay on NATS), with the clock
 * moved instead of waited for: bootstrap, planned rotation after 90 days, retirement once the
 * last token has expired, a requested rotation that waits for the JWKS cache period, emergency
 * revocation, one rotation across two replicas, and a rotation that fails half way.
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SigningSecrets } from '@tr4ction/platform';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import { createLogger, platformMetrics } from '@tr4ction/telemetry';
import { AccessTokenLifetimeWindow, decryptPrivateKey, deriveMasterKey } from '@tr4ction/tokens';
import { integrationEnv, ManualClock, testBusKeys } from '@tr4ction/testing';
import { SigningKeyAggregates } from './signing-key-aggregates';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const MASTER = randomBytes(32).toString('hex');
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('signing-keys-spec', 'silent');

/** The runtime settings are not in play here: the env lifetime, as before they existed. */
function fixedWindow(seconds: number): AccessTokenLifetimeWindow {
  const window = new AccessTokenLifetimeWindow({ envSeconds: seconds, maxSeconds: seconds });
  window.observe(seconds, Date.now(), null);
  return window;
}

interface KeyStatusRow {
  kid: string;
  status: string;
}

describe(SigningKeysService.name, () => {
  const dataSources: DataSource[] = [];
  let nc: NatsConnection;
  let ds: DataSource;
  let clock: ManualClock;

  /** A service instance; `ownConnection` gives it its own pool, like a second replica. */
  function replica(ownConnection = false): { sut: SigningKeysService; repo: SigningKeysRepository; ds: DataSource } {
    const own = ownConnection
      ? createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'signing-keys-spec', migrations: [] })
      : ds;
    if (own !== ds) dataSources.push(own);
    const config = parseConfig(rotationServiceSchema, { JWKS_CACHE_SECONDS: '300' });
    const repo = new SigningKeysRepository(own);
    const relay = new OutboxRelay(own, 'rotation', nc.jetstream(), testBusKeys().signer('rotation-service'), logger);
    const secrets = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: MASTER }) });
    return {
      sut: new SigningKeysService(
        repo,
        new SigningKeyAggregates(new EventRecorder('rotation')),
        new UnitOfWork(own, new EventRecorder('rotation'), relay),
        'rotation-service',
        clock,
        config,
        logger,
        secrets,
        fixedWindow(config.ACCESS_TOKEN_TTL_SECONDS),
      ),
      repo,
      ds: own,
    };
  }

  async function statuses(): Promise<KeyStatusRow[]> {
    return ds.query(`SELECT kid, status FROM rotation.signing_keys_v1 ORDER BY created_at, kid`);
  }

  async function ofStatus(status: string): Promise<string[]> {
    return (await statuses()).filter((r) => r.status === status).map((r) => r.kid);
  }

  async function eventCount(type: string): Promise<number> {
    const rows: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM rotation.outbox WHERE envelope->>'type' = $1`, [type]);
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'signing-keys-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(integrationEnv().natsOptions);
    await ensureStreams(await nc.jetstreamManager());
  });

  afterAll(async () => {
    for (const other of dataSources) if (other.isInitialized) await other.destroy();
    await ds.destroy();
    await nc.close();
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE rotation.signing_keys_v1, rotation.signing_key_material, rotation.event_store, rotation.outbox, rotation.rotation_reminders`);
    await ds.query(`UPDATE rotation.scheduler_jobs SET rotation_requested_at = NULL, last_run_at = NULL`);
    clock = new ManualClock();
  });

  it('bootstraps an active key and publishes a next key, private halves encrypted under the master key', async () => {
    const { sut } = replica();

    const result = await sut.reconcile();

    expect(result.busy).toBe(false);
    const [active] = await ofStatus('active');
    const [next] = await ofStatus('next');
    expect(active).toBeDefined();
    expect(next).toBeDefined();
    const published = await sut.publicKeys();
    expect(published.map((k) => k.kid).sort()).toEqual([active, next].sort());
    expect(JSON.stringify(published)).not.toMatch(/PRIVATE KEY|"d":/);

    const encrypted = await sut.activeSigningKey();
    expect(encrypted.kid).toBe(active);
    expect(encrypted.encrypted_private_key).not.toContain('PRIVATE KEY');
    const privatePem = decryptPrivateKey(encrypted.encrypted_private_key, deriveMasterKey(MASTER), active);
    const publicPem = published.find((k) => k.kid === active)?.public_pem ?? '';
    expect(createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' })).toBe(publicPem);

    // Idempotent: a second pass changes nothing.
    expect((await sut.reconcile()).changes).toEqual([]);
    expect(await statuses()).toHaveLength(2);
  });

  it('rotates on schedule after 90 days and retires the old key once its last token has expired', async () => {
    const { sut } = replica();
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [second] = await ofStatus('next');

    clock.setOffset(89 * DAY_MS);
    expect((await sut.reconcile()).changes).toEqual([]);

    clock.setOffset(90 * DAY_MS + 1000);
    await sut.reconcile();
    expect(await ofStatus('active')).toEqual([second]);
    expect(await ofStatus('retiring')).toEqual([first]);
    expect(await ofStatus('next')).toHaveLength(1);
    expect(await eventCount('SecretRotated')).toBe(2); // bootstrap activation + this rotation
    // The retiring key still verifies: it stays published.
    expect((await sut.publicKeys()).map((k) => k.kid)).toContain(first);

    // Access tokens live 15 minutes, plus 60 s of tolerated skew.
    clock.setOffset(90 * DAY_MS + 1000 + 15 * 60_000 + 59_000);
    await sut.reconcile();
    expect(await ofStatus('retiring')).toEqual([first]);
    clock.setOffset(90 * DAY_MS + 1000 + 16 * 60_000 + 1000);
    await sut.reconcile();
    expect(await ofStatus('retired')).toEqual([first]);
    expect((await sut.publicKeys()).map((k) => k.kid)).not.toContain(first);
    const listed = await sut.list();
    expect(listed.find((k) => k.kid === first)).toMatchObject({ status: 'retired', expires_at: expect.any(String), activated_at: expect.any(String) });
  });

  it('a requested rotation waits until the next key has been public for one JWKS cache period', async () => {
    const { sut } = replica();
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [next] = await ofStatus('next');

    const outcome = await sut.requestRotation(ADMIN);
    expect(outcome).toMatchObject({ status: 'scheduled', active_kid: first, next_kid: next });
    const createdAt = (await sut.list()).find((k) => k.kid === next)?.created_at ?? '';
    expect(Date.parse(outcome.activates_at ?? '')).toBe(Date.parse(createdAt) + 300_000);

    clock.setOffset(299_000);
    await sut.reconcile();
    expect(await ofStatus('active')).toEqual([first]);

    clock.setOffset(300_500);
    await sut.reconcile();
    expect(await ofStatus('active')).toEqual([next]);
    expect(await ofStatus('retiring')).toEqual([first]);
    const [job] = await ds.query(`SELECT rotation_requested_at FROM rotation.scheduler_jobs WHERE name = 'signing-keys'`);
    expect(job.rotation_requested_at).toBeNull();
    // Done once: the freshly published next key is not rotated in straight away.
    clock.setOffset(700_000);
    await sut.reconcile();
    expect(await ofStatus('active')).toEqual([next]);
  });

  it('rotates at once when the next key is already old enough, and says which key took over', async () => {
    const { sut } = replica();
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [next] = await ofStatus('next');
    clock.setOffset(301_000);

    await expect(sut.requestRotation(ADMIN)).resolves.toMatchObject({ status: 'rotated', active_kid: next, previous_kid: first });
    const rotated: Array<{ actor: { id: string } }> = await ds.query(
      `SELECT envelope->'actor' AS actor FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotated' ORDER BY position DESC LIMIT 1`,
    );
    expect(rotated[0].actor.id).toBe(ADMIN.actor.id);
  });

  it('emergency revocation of the active key hands signing to the next key at once', async () => {
    const { sut } = replica();
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [next] = await ofStatus('next');

    const view = await sut.revoke(first, 'key compromised', ADMIN);

    expect(view).toMatchObject({ kid: first, status: 'revoked', revoked_at: expect.any(String) });
    expect(await ofStatus('active')).toEqual([next]);
    expect(await ofStatus('next')).toHaveLength(1);
    expect((await sut.publicKeys()).map((k) => k.kid)).not.toContain(first);
    expect(await eventCount('SigningKeyRevoked')).toBe(1);
    const emergency: Array<{ data: { emergency?: boolean } }> = await ds.query(
      `SELECT envelope->'data' AS data FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotated' ORDER BY position DESC LIMIT 1`,
    );
    expect(emergency[0].data.emergency).toBe(true);
    // Revoking again changes nothing.
    await sut.revoke(first, 'again', ADMIN);
    expect(await eventCount('SigningKeyRevoked')).toBe(1);
  });

  it('revoking the active key when no next key exists creates and activates one in the same transaction', async () => {
    const { sut } = replica();
    await sut.reconcile();
    const [first] = await ofStatus('active');
    const [next] = await ofStatus('next');
    await sut.revoke(next, 'withdrawn', ADMIN);
    // As if the scheduler had not run since: the next key the revocation's reconcile published never
    // existed. Revocation decides on the key streams, so it is removed there (and from the read model).
    const [published] = await ofStatus('next');
    await ds.query(`DELETE FROM rotation.event_store WHERE stream_id = $1`, [`signing-key-${published}`]);
    await ds.query(`DELETE FROM rotation.signing_keys_v1 WHERE kid = $1`, [published]);

    await sut.revoke(first, 'compromised', ADMIN);

    const active = await ofStatus('active');
    expect(active).toHaveLength(1);
    expect(active[0]).not.toBe(first);
  });

  it('runs a due rotation once when two replicas reconcile at the same moment', async () => {
    const a = replica();
    const b = replica(true);
    await b.ds.initialize();
    await a.sut.reconcile();
    const rotationsBefore = await eventCount('SecretRotated');
    clock.setOffset(91 * DAY_MS);

    await Promise.all([a.sut.reconcile(), b.sut.reconcile(), a.sut.reconcile(), b.sut.reconcile()]);

    expect(await ofStatus('active')).toHaveLength(1);
    expect(await ofStatus('retiring')).toHaveLength(1);
    expect(await ofStatus('next')).toHaveLength(1);
    expect((await eventCount('SecretRotated')) - rotationsBefore).toBe(1);
  });

  it('a rotation that fails half way leaves the previous keys untouched', async () => {
    const { sut, repo } = replica();
    await sut.reconcile();
    const before = await statuses();
    const outboxBefore: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM rotation.outbox`);
    clock.setOffset(91 * DAY_MS);
    const updateJob = repo.updateJob.bind(repo);
    // The status changes are written; then the process "dies" before the commit.
    jest.spyOn(repo, 'updateJob').mockImplementation(async (m, name, values) => {
      if (values.lastRunAt) throw new Error('simulated crash in the middle of a rotation');
      return updateJob(m, name, values);
    });

    await expect(sut.reconcile()).rejects.toThrow('simulated crash');

    expect(await statuses()).toEqual(before);
    const outboxAfter: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM rotation.outbox`);
    expect(outboxAfter[0].n).toBe(outboxBefore[0].n);
    jest.restoreAllMocks();
    await sut.reconcile();
    expect(await ofStatus('active')).toHaveLength(1);
    expect(await ofStatus('retiring')).toHaveLength(1);
  });

  it('the database itself refuses a second active key', async () => {
    const { sut } = replica();
    await sut.reconcile();
    await expect(ds.query(`UPDATE rotation.signing_keys_v1 SET status = 'active' WHERE status = 'next'`)).rejects.toThrow(/signing_keys_v1_one_active/);
  });

  it('reminds once, seven days before a rotation is due (event and metric)', async () => {
    const dueMetric = async () => (await platformMetrics.rotationsDue().get()).values.find((v) => v.labels.what === 'signing_key')?.value ?? 0;
    const before = await dueMetric();
    const { sut } = replica();
    await sut.reconcile();
    clock.setOffset(82 * DAY_MS);
    await sut.reconcile();
    expect(await eventCount('RotationDue')).toBe(0);
    clock.setOffset(83 * DAY_MS + 1000);
    await sut.reconcile();
    await sut.reconcile();
    expect(await eventCount('RotationDue')).toBe(1);
    expect((await dueMetric()) - before).toBe(1);
  });
});
