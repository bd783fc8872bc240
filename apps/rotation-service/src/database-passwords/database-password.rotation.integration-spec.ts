/**
 * A service's database password rotated while it keeps querying, on a private Postgres cluster
 * that checks passwords (scram-sha-256; the machine's shared server trusts every local login):
 * the password lives in a file store (SECRETS_PROVIDER file), the role has no CREATEROLE, and the
 * engine's job state and events go to the shared integration database and NATS as in production.
 * Proven: zero failed queries through the rotation, a replica whose cached password went stale
 * connects without a failure, the old password is refused after it, the new password never
 * reached the server's log, and SecretRotated names the login and version, never the password.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { createServiceDataSource, pgWithRotatingPassword, type RotatingPassword } from '@tr4ction/persistence';
import { databasePasswordFromStore } from '@tr4ction/platform';
import { StagedSecretStores } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { freePort, ManualClock, PrivatePostgres, waitFor } from '@tr4ction/testing';
import { connectBus, rotationDataSource, RotationEngine } from '../testing/rotation-engine';
import { DatabasePasswordRotation } from './database-password.rotation';

const DAY_MS = 24 * 60 * 60 * 1000;
const ROLE = 'tr4ction_user';
const STORE_FILE = 'database-password-user-service';
const OPERATOR: RequestMeta = { actor: { type: 'cli', id: 'alice' } };
const logger = createLogger('database-password-rotation-spec', 'silent');

describe(DatabasePasswordRotation.name, () => {
  let cluster: PrivatePostgres;
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;
  const initial = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    // Least privilege as in production: a plain login, no CREATEROLE.
    await admin.query(`CREATE ROLE ${ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${initial}'`);
    await admin.end();
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-dbpass-store-'));
    await writeFile(join(dir, STORE_FILE), `${initial}\n`);

    ds = await rotationDataSource('database-password-rotation-spec');
    await ds.query(`DELETE FROM rotation.rotation_jobs_v1 WHERE what = 'db_password'`);
    nc = await connectBus();
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function engine(clock = new ManualClock(), serverUrl = cluster.url(ROLE, '')) {
    const config = parseConfig(rotationServiceSchema, { DATABASE_URL: serverUrl, JWKS_CACHE_SECONDS: '300' });
    const engine = new RotationEngine(ds, nc, clock, config, logger);
    const sut = new DatabasePasswordRotation(
      engine.jobs,
      engine.runner,
      ...engine.storeRotationArgs(new StagedSecretStores({ fileDir: dir }), { providerName: 'file' }),
    );
    return { sut, clock, config };
  }

  /** The service's password as its pool sees it: read from the same file store. */
  function servicePassword(): Promise<RotatingPassword | undefined> {
    return databasePasswordFromStore('user-service', { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir });
  }

  async function refused(password: string, login = ROLE): Promise<string | undefined> {
    const client = new Client({ connectionString: cluster.url(login, password), connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return undefined;
    } catch (err) {
      return (err as { code?: string }).code;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  const rotatedEvents = (): Promise<Array<{ envelope: { subject: unknown; data: Record<string, unknown> } }>> =>
    ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotated' AND envelope->'data'->>'what' = 'db_password'`);

  it('rotates the password of a role without CREATEROLE while the service keeps querying: no query fails', async () => {
    const { sut } = engine();
    const password = await servicePassword();
    expect(password).toBeDefined();
    // Replica A: every query on a new connection (maxUses 1), so each one authenticates.
    const PoolClass = pgWithRotatingPassword(password!).Pool;
    const busy: Pool = new PoolClass({ connectionString: cluster.url(ROLE, ''), max: 3, maxUses: 1, connectionTimeoutMillis: 5000 });
    busy.on('error', () => undefined);
    // Replica B: a TypeORM data source as the services build it, its password read before the rotation.
    const stale = createServiceDataSource({
      url: cluster.url(ROLE, ''),
      schema: 'public',
      service: 'user-service',
      migrations: [],
      poolSize: 4,
      password: await servicePassword(),
    });
    await stale.initialize();

    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          await busy.query('SELECT 1');
          ok += 1;
        } catch (err) {
          failures.push((err as { code?: string }).code ?? (err as Error).name);
        }
      }
    };
    const workers = [worker(), worker(), worker()];
    let outcome: Awaited<ReturnType<DatabasePasswordRotation['rotateNow']>>;
    let during: number;
    try {
      const before = await waitForQueries(() => ok, 20);
      outcome = await sut.rotateNow('user-service', OPERATOR);
      during = ok - before;
      await waitForQueries(() => ok, ok + 20);
    } finally {
      running = false;
      await Promise.all(workers);
      await busy.end();
    }

    expect(outcome).toMatchObject({ status: 'rotated' });
    expect(failures).toEqual([]);
    expect(during).toBeGreaterThan(0);

    const rotated = (await readFile(join(dir, STORE_FILE), 'utf8')).trim();
    expect(rotated).not.toBe(initial);
    expect(rotated.length).toBeGreaterThanOrEqual(40);
    // Postgres keeps one password per role: the old one is refused from now on.
    expect(await refused(initial)).toBe('28P01');
    expect(await refused(rotated)).toBeUndefined();

    // Replica B needs new connections (4 at once, 1 open): its cached password is the old one.
    await expect(Promise.all([1, 2, 3, 4].map(() => stale.query('SELECT pg_sleep(0.2), session_user::text AS login')))).resolves.toHaveLength(4);
    await stale.destroy();

    const events = await rotatedEvents();
    expect(events.map((e) => e.envelope.data)).toEqual([{ what: 'db_password', version: (outcome as { version: string }).version }]);
    expect(events[0].envelope.subject).toEqual({ type: 'database-login', id: ROLE });
    expect(JSON.stringify(events)).not.toContain(rotated);
    // The role change reached the server's statement log as a SCRAM verifier, never the password.
    const serverLog = cluster.serverLog();
    expect(serverLog).toMatch(/ALTER ROLE SESSION_USER PASSWORD 'SCRAM-SHA-256\$/);
    expect(serverLog).not.toContain(rotated);
  }, 90_000);

  it('rotates unattended once DATABASE_PASSWORD_ROTATION_DAYS have passed, and only then', async () => {
    const { sut, clock, config } = engine();
    const start = (await readFile(join(dir, STORE_FILE), 'utf8')).trim();

    // The period runs from the operator's rotation above: nothing is due before it ends.
    expect(await sut.rotateDue()).toEqual({ 'user-service': { status: 'idle' } });
    clock.setOffset((config.DATABASE_PASSWORD_ROTATION_DAYS - 1) * DAY_MS);
    expect(await sut.rotateDue()).toEqual({ 'user-service': { status: 'idle' } });
    expect(await refused(start)).toBeUndefined();

    clock.setOffset(config.DATABASE_PASSWORD_ROTATION_DAYS * DAY_MS + 1000);
    expect(await sut.rotateDue()).toEqual({ 'user-service': expect.objectContaining({ status: 'rotated' }) });
    const next = (await readFile(join(dir, STORE_FILE), 'utf8')).trim();
    expect(next).not.toBe(start);
    expect(await refused(start)).toBe('28P01');
    expect(await refused(next)).toBeUndefined();

    const row = (await sut.status()).find((r) => r.id === 'user-service');
    expect(row).toMatchObject({ credential: 'db_password', store: 'file', name: STORE_FILE, last_result: 'ok' });
    expect(new Date(row!.next_rotation_at!).getTime() - new Date(row!.last_rotated_at!).getTime()).toBe(config.DATABASE_PASSWORD_ROTATION_DAYS * DAY_MS);
    // Logins whose password is not in the store are listed, not rotated.
    expect((await sut.status()).find((r) => r.id === 'auth-service')).toMatchObject({ store: 'database_url', last_result: 'manual' });
  }, 60_000);

  it("rotates audit-service's writer login (audit-writer) the same way", async () => {
    const writerPassword = randomBytes(24).toString('base64url');
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE tr4ction_audit_writer LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '${writerPassword}'`);
    await admin.end();
    await writeFile(join(dir, 'database-password-audit-writer'), writerPassword);
    const outcome = await engine().sut.rotateNow('audit-writer', OPERATOR);
    expect(outcome).toMatchObject({ status: 'rotated' });
    const rotated = (await readFile(join(dir, 'database-password-audit-writer'), 'utf8')).trim();
    expect(await refused(writerPassword, 'tr4ction_audit_writer')).toBe('28P01');
    expect(await refused(rotated, 'tr4ction_audit_writer')).toBeUndefined();
    await expect(engine().sut.rotateNow('nobody', OPERATOR)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  }, 60_000);

  it('resumes a rotation whose set step changed the role but was not recorded (a crash between the two)', async () => {
    // Set fails first (the server unreachable): the job waits at create with a pending value.
    const unreachable = engine(new ManualClock(), `postgres://${ROLE}@127.0.0.1:${await freePort()}/postgres`);
    expect(await unreachable.sut.rotateNow('user-service', OPERATOR)).toEqual({ status: 'failed', step: 'set', reason: 'database_econnrefused' });
    const store = new StagedSecretStores({ fileDir: dir }).get('file');
    const pending = await store.pending(STORE_FILE);
    expect(pending).toBeDefined();
    // What a crash right after ALTER ROLE leaves: the role already on the pending value, the step unrecorded.
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`ALTER ROLE ${ROLE} PASSWORD '${pending!.value}'`);
    await admin.end();

    // The next run repeats set (the current value is refused, the pending one already works), then test and finish.
    const outcome = await engine().sut.rotateNow('user-service', OPERATOR);
    expect(outcome).toEqual({ status: 'rotated', version: pending!.versionId });
    expect((await store.current(STORE_FILE))?.versionId).toBe(pending!.versionId);
    expect(await refused(pending!.value)).toBeUndefined();
  }, 60_000);

  it("tries a step again when the server turned the operator's connection away for a moment (too many connections)", async () => {
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      const start = (await readFile(join(dir, STORE_FILE), 'utf8')).trim();
      // No connection for the role at all: the set step's login fails with 53300, as on a full server.
      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT 0`);
      const rotation = engine().sut.rotateNow('user-service', OPERATOR);
      await waitFor(() => cluster.serverLog().includes(`too many connections for role "${ROLE}"`) || undefined, {
        timeoutMs: 10_000,
        intervalMs: 20,
        what: 'the set step turned away',
      });
      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT -1`);
      const outcome = await rotation;
      expect(outcome).toMatchObject({ status: 'rotated' });
      expect(await refused(start)).toBe('28P01');
      expect(await refused((await readFile(join(dir, STORE_FILE), 'utf8')).trim())).toBeUndefined();
    } finally {
      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT -1`);
      await admin.end();
    }
  }, 60_000);
});

/** Waits until the counter reaches `target` (deadline: a rotation that stalled the service fails the test here). */
async function waitForQueries(count: () => number, target: number): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`only ${count()} queries ran, ${target} expected`);
    await new Promise((r) => setImmediate(r));
  }
  return count();
}
