/**
 * The user aggregate on real Postgres and a real (private) NATS JetStream, driven through the real
 * commands: register, admin create, role changes, password change, admin resets, lockouts and their
 * unlocks (by an admin and by expiry), delete. Then: every aggregate loaded (snapshot + tail) equals
 * its stream folded from the start; users_v1 rebuilt from the event store alone into a fresh table
 * equals the live one row for row; concurrent admin commands on one account all land; no password
 * or hash is in any event or snapshot.
 *
 * Compared columns: all of users_v1 except failed_attempts, locked_until and last_attempt_at. Those
 * are the login path's operational counters, moved by LockoutRepository attempt by attempt under the
 * row lock; the stream records the transitions (AccountLocked, AccountUnlocked), not each counted
 * attempt, so a rebuild starts every account unlocked (see users.replay.ts).
 */
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { parseConfig, userServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventAuthenticator, EventRecorder, OutboxRelay, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource, EventStore } from '@tr4ction/persistence';
import { createLogger } from '@tr4ction/telemetry';
import { integrationEnv, ManualClock, PrivateNats, testBusKeys } from '@tr4ction/testing';
import { AdminUsersService } from '../admin/admin-users.service';
import { CredentialsService } from '../credentials/credentials.service';
import { LockoutRepository } from '../credentials/lockout.repository';
import { MfaLoginState } from '../mfa/mfa-login-state';
import { MfaRepository } from '../mfa/mfa.repository';
import { RuntimeSettingsHolder } from '../settings/runtime-settings.holder';
import { SettingsRepository } from '../settings/settings.repository';
import { SettingsService } from '../settings/settings.service';
import { PasswordService } from './password.service';
import { PolicyProvider } from './policy.provider';
import { emptyUser, foldUser, userStreamId } from './user.aggregate';
import { SNAPSHOT_EVERY, UserAggregates } from './user-aggregate.repository';
import { UserStream } from './user-stream';
import { replayUsers } from './users.replay';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const logger = createLogger('user-aggregate-spec', 'silent');
// Cheap argon2 parameters: this spec is about the streams, not the hash.
const config = parseConfig(userServiceSchema, { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' });
const admin: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-0000000000ad' }, ip: '127.0.0.1' };
const anon: RequestMeta = { actor: { type: 'user', id: null }, ip: '127.0.0.1' };
const PASSWORD = 'Aggregate-Spec-Pass-1';
const NEW_PASSWORD = 'Aggregate-Spec-Pass-2';
const RESET_PASSWORD = 'Aggregate-Spec-Reset-3';
const REPLAY_TABLE = 'users.users_v1_replay_spec';
/** users_v1 minus the operational lockout counters (see the header). */
const COMPARED = 'id, email, email_normalized, name, roles, status, must_change_password, password_changed_at, password_expires_at, created_at, version';

describe('user aggregate on real Postgres and NATS', () => {
  let bus: PrivateNats;
  let ds: DataSource;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let holder: RuntimeSettingsHolder;
  const clock = new ManualClock();
  const store = new EventStore('users');
  let aggregates: UserAggregates;
  let users: UsersService;
  let admins: AdminUsersService;
  let credentials: CredentialsService;
  const run = Date.now().toString(36);
  const email = (name: string) => `agg-${run}-${name}@example.com`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    bus = await PrivateNats.start();
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'user-aggregate-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(bus.connectOptions());
    await ensureStreams(await nc.jetstreamManager());
    const keys = testBusKeys();
    const recorder = new EventRecorder('users');
    relay = new OutboxRelay(ds, 'users', nc.jetstream(), keys.signer('user-service'), logger);
    relay.start();
    const settingsRepository = new SettingsRepository(ds, recorder);
    holder = new RuntimeSettingsHolder(settingsRepository, config, nc, logger, { authenticator: new EventAuthenticator(keys.verifier, logger) });
    await holder.onModuleInit();
    // Other specs share this database and may have switched the profile: the lockout counts below are the seed profile's.
    await new SettingsService(settingsRepository, holder, config, new UnitOfWork(ds, recorder, relay), 'user-service', clock).update(
      { changes: { password_policy: 'seed' } },
      admin,
    );

    const repository = new UsersRepository(ds);
    const passwords = new PasswordService(config);
    const policies = new PolicyProvider(holder);
    const lockout = new LockoutRepository(ds);
    const mfa = new MfaLoginState(new MfaRepository(ds), holder);
    aggregates = new UserAggregates(ds);
    const stream = new UserStream(recorder, aggregates);
    const unitOfWork = new UnitOfWork(ds, recorder, relay);
    users = new UsersService(repository, passwords, policies, stream, aggregates, unitOfWork, 'user-service', clock, mfa);
    admins = new AdminUsersService(repository, lockout, passwords, policies, stream, aggregates, unitOfWork, 'user-service', clock);
    credentials = new CredentialsService(repository, lockout, passwords, policies, stream, unitOfWork, 'user-service', clock, mfa);
  });

  afterAll(async () => {
    await ds?.query(`DROP TABLE IF EXISTS ${REPLAY_TABLE}`);
    holder?.onApplicationShutdown();
    await relay?.stop();
    await nc?.close();
    await ds?.destroy();
    await bus?.stop();
  });

  const streamTypes = async (id: string) => (await store.load(ds.manager, userStreamId(id))).map((e) => e.envelope.type);
  const failLogins = async (who: string, n: number) => {
    for (let i = 0; i < n; i++)
      await expect(credentials.verifyCredentials({ email: email(who), password: 'Wrong-Password-99' }, anon)).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
  };

  it('runs a mixed workload of commands; each decision is recorded in the stream', async () => {
    for (const name of ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'])
      ids[name] = (await users.register({ email: email(name), password: PASSWORD, name: name.toUpperCase() }, anon)).id;
    ids.a0 = (await admins.create({ email: email('a0'), roles: ['auditor'] }, admin)).id;
    ids.a1 = (await admins.create({ email: email('a1'), name: 'Long stream', roles: ['founder'] }, admin)).id;

    await admins.setRoles({ user_id: ids.u0, roles: ['admin'] }, admin);
    await admins.setRoles({ user_id: ids.u1, roles: ['founder', 'auditor'] }, admin);
    await admins.setRoles({ user_id: ids.u0, roles: ['admin', 'auditor'] }, admin);
    expect(await admins.setRoles({ user_id: ids.u0, roles: ['auditor', 'admin'] }, admin)).toMatchObject({ changed: false });
    await users.changePassword({ user_id: ids.u2, current_password: PASSWORD, new_password: NEW_PASSWORD }, anon);
    await admins.resetPassword({ user_id: ids.u3 }, admin);
    await admins.resetPassword({ email: email('a0'), password: RESET_PASSWORD }, admin);

    // u4: locked by wrong passwords, unlocked by an admin.
    await failLogins('u4', 5);
    expect(await admins.unlock({ user_id: ids.u4 }, admin)).toEqual({ unlocked: true });
    expect(await streamTypes(ids.u4)).toEqual(['UserRegistered', 'AccountLocked', 'AccountUnlocked']);

    // u5: locked, and the lock runs out; the next (right) login records the unlock by expiry.
    await failLogins('u5', 5);
    clock.setOffset(31 * 60_000);
    await expect(credentials.verifyCredentials({ email: email('u5'), password: PASSWORD }, anon)).resolves.toMatchObject({ id: ids.u5 });
    expect(await streamTypes(ids.u5)).toEqual(['UserRegistered', 'AccountLocked', 'AccountUnlocked']);

    await admins.delete({ user_id: ids.u1 }, admin);
    await expect(admins.setRoles({ user_id: ids.u1, roles: ['admin'] }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await aggregates.load(ids.u0)).toMatchObject({ roles: ['admin', 'auditor'], version: 3 });
    expect(await aggregates.load(ids.u2)).toMatchObject({ must_change_password: false, version: 2 });
    expect(await aggregates.load(ids.u3)).toMatchObject({ must_change_password: true, version: 2 });
    expect(await aggregates.load(ids.u1)).toMatchObject({ status: 'deleted', version: 3 });
  });

  it('serialises concurrent admin commands on one account: none is refused, each decides on the state before it', async () => {
    const before = await aggregates.load(ids.u2);
    const wanted = Array.from({ length: 10 }, (_, i) => (i % 2 ? ['founder'] : ['auditor']));
    const results = await Promise.all(wanted.map((roles) => admins.setRoles({ user_id: ids.u2, roles }, admin)));
    const changed = results.filter((r) => r.changed).length;
    const after = await aggregates.load(ids.u2);
    expect(after.version).toBe(before.version + changed);
    const stored = await store.load(ds.manager, userStreamId(ids.u2), before.version);
    // Every recorded change starts from what the one before it left.
    let roles = before.roles;
    for (const e of stored) {
      expect(e.envelope.data).toMatchObject({ before: roles });
      roles = (e.envelope.data as { after: string[] }).after;
    }
    expect(after.roles).toEqual(roles);
  });

  it('records an unlock by expiry while admin commands act on the same account: no conflict, no deadlock, one unlock', async () => {
    ids.u6 = (await users.register({ email: email('u6'), password: PASSWORD, name: 'U6' }, anon)).id;
    await failLogins('u6', 5);
    clock.setOffset(62 * 60_000);
    const outcomes = await Promise.allSettled([
      credentials.verifyCredentials({ email: email('u6'), password: PASSWORD }, anon),
      ...Array.from({ length: 6 }, (_, i) => admins.setRoles({ user_id: ids.u6, roles: i % 2 ? ['founder'] : ['auditor'] }, admin)),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const types = await streamTypes(ids.u6);
    expect(types.slice(0, 2)).toEqual(['UserRegistered', 'AccountLocked']);
    expect(types.filter((t) => t === 'AccountUnlocked')).toHaveLength(1);
    expect(await aggregates.load(ids.u6)).toMatchObject({ locked_until: null, version: types.length });
  });

  it('snapshots a long stream every SNAPSHOT_EVERY events and loads it to the same state as a fold from the start', async () => {
    for (let i = 0; i < SNAPSHOT_EVERY + 5; i++) await admins.setRoles({ user_id: ids.a1, roles: i % 2 ? ['founder'] : ['auditor'] }, admin);
    const [snapshot] = await ds.query(`SELECT version, state FROM users.user_snapshots WHERE stream_id = $1`, [userStreamId(ids.a1)]);
    expect(snapshot.version).toBe(SNAPSHOT_EVERY);
    const loaded = await aggregates.load(ids.a1);
    expect(loaded.version).toBe(1 + SNAPSHOT_EVERY + 5);
    expect(loaded).toEqual(foldUser(emptyUser(ids.a1), await store.load(ds.manager, userStreamId(ids.a1))));
    for (const id of Object.values(ids)) expect(await aggregates.load(id)).toEqual(foldUser(emptyUser(id), await store.load(ds.manager, userStreamId(id))));
  });

  it('keeps the login hot path off the event store: a successful login appends nothing (timings printed, not asserted)', async () => {
    const before = (await store.load(ds.manager, userStreamId(ids.u2))).length;
    const took: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = process.hrtime.bigint();
      await credentials.verifyCredentials({ email: email('u2'), password: NEW_PASSWORD }, anon);
      took.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    took.sort((a, b) => a - b);
    process.stdout.write(`login (argon2 m=1024 KiB t=1), 30 in a row: p50 ${took[15].toFixed(1)} ms, max ${took[29].toFixed(1)} ms\n`);
    expect((await store.load(ds.manager, userStreamId(ids.u2))).length).toBe(before);
  });

  it('keeps passwords and hashes out of every event and snapshot', async () => {
    const hashes: Array<{ password_hash: string }> = await ds.query(`SELECT password_hash FROM users.credentials WHERE user_id = ANY($1)`, [
      Object.values(ids),
    ]);
    expect(hashes.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, NEW_PASSWORD, RESET_PASSWORD, ...hashes.map((h) => h.password_hash)]) {
      const [found] = await ds.query(
        `SELECT (SELECT count(*) FROM users.event_store WHERE strpos(envelope::text, $1) > 0)::int + (SELECT count(*) FROM users.user_snapshots WHERE strpos(state::text, $1) > 0)::int AS n`,
        [secret],
      );
      expect(found.n).toBe(0);
    }
  });

  it('rebuilds users_v1 from the event store alone into a fresh table, equal to the live one row for row', async () => {
    await ds.query(`DROP TABLE IF EXISTS ${REPLAY_TABLE}`);
    await ds.query(`CREATE TABLE ${REPLAY_TABLE} (LIKE users.users_v1 INCLUDING ALL)`);
    const applied = await replayUsers(ds, { into: REPLAY_TABLE });
    expect(applied).toBeGreaterThan(SNAPSHOT_EVERY);
    // Every account that has a stream (other specs also insert bare rows to test repositories).
    const rows = (table: string) =>
      ds.query(
        `SELECT ${COMPARED} FROM ${table} t WHERE EXISTS (SELECT 1 FROM users.event_store e WHERE e.stream_id = 'user-' || t.id::text) ORDER BY id`,
      ) as Promise<Array<{ id: string }>>;
    const live = await rows('users.users_v1');
    const replayed = await rows(REPLAY_TABLE);
    expect(replayed).toEqual(live);
    const mine = live.filter((r) => Object.values(ids).includes(r.id)).map((r) => r.id);
    expect(mine.sort()).toEqual(
      Object.values(ids)
        .filter((id) => id !== ids.u1)
        .sort(),
    );
  });

  it("a live replay rewrites the snapshots from the same fold: the long stream's now at its last version", async () => {
    const before = await aggregates.load(ids.a1);
    await replayUsers(ds);
    const [snapshot] = await ds.query(`SELECT version, state FROM users.user_snapshots WHERE stream_id = $1`, [userStreamId(ids.a1)]);
    expect(snapshot.version).toBe(before.version);
    expect(snapshot.state).toEqual(before);
    expect(await aggregates.load(ids.a1)).toEqual(before);
  });
});
