/**
 * Unattended service-account rotation through the file store, on real Postgres and NATS with the
 * real scheduler ticking and a ManualClock: at day 30 the secret rotates by itself; a client that
 * keeps re-reading its secret file is never refused by the client_credentials check (the one the
 * token endpoint asks rotation-service for); after the overlap the old secret fails. Then a fault
 * in each step (the transaction rolls back, as a killed process's would) and a resume.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { SigningSecrets } from '@tr4ction/platform';
import { EnvSecretsProvider, FileSecretsProvider, FileStagedSecretStore, type StagedSecretStores, type StagedSecretStore } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { hashOpaqueToken } from '@tr4ction/tokens';
import { ManualClock, waitFor } from '@tr4ction/testing';
import { SecretsStatusService } from '../secrets/secrets-status.service';
import type { RotationJobsRepository } from '../staged-rotation/rotation-jobs.repository';
import { connectBus, rotationDataSource, RotationEngine, storesServing } from '../testing/rotation-engine';
import { ServiceAccountSecretRotation } from './service-account-secret.rotation';
import { ServiceAccountsRepository } from './service-accounts.repository';
import type { ServiceAccountsService } from './service-accounts.service';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('service-account-rotation-spec', 'silent');

/** Fault injection over the real file store: the named call fails once, after or instead of its write. */
class FaultyStore implements StagedSecretStore {
  readonly provider = 'file' as const;
  private armed?: { method: 'createPending' | 'pending' | 'finish'; after: boolean };

  constructor(private readonly real: FileStagedSecretStore) {}

  failOnce(method: 'createPending' | 'pending' | 'finish', after: boolean): void {
    this.armed = { method, after };
  }

  async createPending(name: string, versionId: string, value: string): Promise<void> {
    await this.call('createPending', () => this.real.createPending(name, versionId, value));
  }
  pending(name: string) {
    return this.call('pending', () => this.real.pending(name));
  }
  current(name: string) {
    return this.real.current(name);
  }
  async finish(name: string, versionId: string): Promise<void> {
    await this.call('finish', () => this.real.finish(name, versionId));
  }

  private async call<T>(method: 'createPending' | 'pending' | 'finish', work: () => Promise<T>): Promise<T> {
    const armed = this.armed?.method === method ? this.armed : undefined;
    if (armed) this.armed = undefined;
    if (armed && !armed.after) throw Object.assign(new Error('injected'), { name: 'InjectedFault' });
    const result = await work();
    if (armed) throw Object.assign(new Error('injected'), { name: 'InjectedFault' });
    return result;
  }
}

describe(ServiceAccountSecretRotation.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;
  const clock = new ManualClock();
  const config = parseConfig(rotationServiceSchema, { JWKS_CACHE_SECONDS: '300', ROTATION_CHECK_INTERVAL_MS: '200' });
  let accounts: ServiceAccountsService;
  let engine: RotationEngine;
  let faulty: FaultyStore;
  let stores: StagedSecretStores;

  function rotationWith(store: StagedSecretStores): { sut: ServiceAccountSecretRotation; jobs: RotationJobsRepository } {
    return { sut: engine.accountSecrets(accounts, store), jobs: engine.jobs };
  }

  async function outbox(type: string, subjectId: string): Promise<Array<{ data: Record<string, unknown> }>> {
    return ds.query(`SELECT envelope->'data' AS data FROM rotation.outbox WHERE envelope->>'type' = $1 AND envelope->'subject'->>'id' = $2 ORDER BY position`, [
      type,
      subjectId,
    ]);
  }

  const accepts = (clientId: string, secret: string) =>
    accounts.verify({ client_id: clientId, secret_hash: hashOpaqueToken(secret) }).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    ds = await rotationDataSource('sa-rotation-spec', 6);
    nc = await connectBus();
    await ds.query(`TRUNCATE rotation.service_accounts_v1, rotation.service_account_secrets, rotation.rotation_reminders, rotation.rotation_jobs_v1`);
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-sa-store-'));
    engine = new RotationEngine(ds, nc, clock, config, logger);
    faulty = new FaultyStore(new FileStagedSecretStore(dir));
    // Every file-store call goes through the fault injector; it passes through unless armed.
    stores = storesServing(faulty, dir);
    accounts = engine.serviceAccounts(stores);
  });

  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates at day 30 by itself; a client re-reading its file is never refused; the old secret stops after the overlap', async () => {
    const created = await accounts.create(
      { name: 'nightly exporter', scopes: ['audit:read'], secret_ref: { provider: 'file', name: 'nightly-exporter' } },
      ADMIN,
    );
    const client = new FileSecretsProvider({ dir });
    expect(await client.get('nightly-exporter')).toBe(created.client_secret);

    const secrets = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: randomBytes(32).toString('hex') }) });
    const keys = engine.signingKeys(secrets);
    const { sut, jobs } = rotationWith(stores);
    const { scheduler, dbPasswords } = engine.scheduler({ keys, accounts, accountSecrets: sut, stores, secrets });

    // The client: re-reads the file before every attempt, as the runbook tells clients to.
    let attempts = 0;
    const refused: string[] = [];
    let clientRunning = true;
    const clientLoop = (async () => {
      while (clientRunning) {
        const secret = await client.get('nightly-exporter');
        attempts += 1;
        if (!(await accepts(created.client_id, secret))) refused.push(`attempt ${attempts} at day ${(clock.now().getTime() - Date.now()) / DAY_MS}`);
      }
    })();

    try {
      await scheduler.start();
      clock.setOffset(29 * DAY_MS);
      const before = attempts;
      await waitFor(() => attempts > before + 20, { timeoutMs: 10_000, intervalMs: 20, what: 'client attempts at day 29' });
      expect(await outbox('SecretRotated', created.id)).toHaveLength(0);

      clock.setOffset(30 * DAY_MS + HOUR_MS);
      await waitFor(async () => (await outbox('SecretRotated', created.id)).length === 1, { timeoutMs: 15_000, intervalMs: 50, what: 'the day-30 rotation' });
      const afterRotation = attempts;
      await waitFor(() => attempts > afterRotation + 20, { timeoutMs: 10_000, intervalMs: 20, what: 'client attempts after the rotation' });
    } finally {
      clientRunning = false;
      await clientLoop;
      await scheduler.onApplicationShutdown();
    }
    expect(refused).toEqual([]);

    const rotated = await client.get('nightly-exporter');
    expect(rotated).not.toBe(created.client_secret);
    await expect(readFile(join(dir, 'nightly-exporter.previous'), 'utf8')).resolves.toBe(created.client_secret);
    expect(await accepts(created.client_id, created.client_secret)).toBe(true);
    expect(await accepts(created.client_id, rotated)).toBe(true);

    const steps = await outbox('SecretRotationStepCompleted', created.id);
    expect(steps.map((s) => s.data['step'])).toEqual(['create', 'set', 'test', 'finish']);
    const [event] = await outbox('SecretRotated', created.id);
    expect(event.data).toMatchObject({ what: 'service_account_secret', version: steps[0].data['version'] });
    const everything = JSON.stringify(await ds.query(`SELECT envelope FROM rotation.outbox`));
    expect(everything).not.toContain(rotated);
    expect(everything).not.toContain(created.client_secret);

    // Overlap (SERVICE_ACCOUNT_GRACE_HOURS, 24 by default) over: only the new secret works.
    clock.setOffset(30 * DAY_MS + HOUR_MS + config.SERVICE_ACCOUNT_GRACE_HOURS * HOUR_MS + 1000);
    expect(await accepts(created.client_id, created.client_secret)).toBe(false);
    expect(await accepts(created.client_id, rotated)).toBe(true);
    // Not due again for another 30 days: a pass does nothing.
    expect(await sut.rotateDue()).toEqual([]);

    // What `tr4ction secrets status` shows for it: the store, the rotation just done, the next one.
    const status = new SecretsStatusService(keys, new ServiceAccountsRepository(ds), accounts, jobs, secrets, config, dbPasswords);
    const row = (await status.status()).find((r) => r.credential === 'service_account_secret' && r.id === created.client_id);
    // The clock stands still between moves: the rotation happened at exactly the day-30 offset.
    const rotatedAt = new Date(clock.now().getTime() - config.SERVICE_ACCOUNT_GRACE_HOURS * HOUR_MS - 1000);
    expect(row).toMatchObject({ store: 'file', name: 'nightly-exporter', last_result: 'ok', last_rotated_at: rotatedAt.toISOString() });
    expect(new Date(row!.next_rotation_at!).getTime() - new Date(row!.last_rotated_at!).getTime()).toBe(config.SERVICE_ACCOUNT_ROTATION_DAYS * DAY_MS);
    expect(JSON.stringify(await status.status())).not.toContain(rotated);
  }, 60_000);

  it.each([
    ['create', 'createPending', true],
    ['set', 'pending', true],
    ['finish', 'finish', false],
    ['finish', 'finish', true],
  ] as const)(
    'resumes after a fault in the %s step (%s, after the write: %s) and ends with one current version',
    async (step, method, after) => {
      const name = `resume-${step}-${after ? 'after' : 'before'}`;
      const created = await accounts.create({ name, scopes: ['audit:read'], secret_ref: { provider: 'file', name } }, ADMIN);
      const { sut, jobs } = rotationWith(stores);

      // Steps before the faulty one complete; the faulty one rolls back with its transaction.
      faulty.failOnce(method, after);
      const failed = await sut.rotateNow(created.id, ADMIN);
      expect(failed).toMatchObject({ status: 'failed', step, reason: 'InjectedFault' });
      const [failure] = await outbox('SecretRotationFailed', created.id);
      expect(failure.data).toMatchObject({ what: 'service_account_secret', step, reason: 'InjectedFault' });

      // A new process: fresh runner and repository, same database and files. A scheduler pass
      // resumes a rotation under way; a fault in `create` left none (nothing recorded), so there
      // the operator's retry starts it again.
      const next = rotationWith(stores).sut;
      const resumed = step === 'create' ? [await next.rotateNow(created.id, ADMIN)] : await next.rotateDue();
      expect(resumed).toEqual([expect.objectContaining({ status: 'rotated' })]);

      const current = await new FileSecretsProvider({ dir }).get(name);
      expect(await accepts(created.client_id, current)).toBe(true);
      expect(await accepts(created.client_id, created.client_secret)).toBe(true);
      const versions = JSON.parse(await readFile(join(dir, `${name}.versions`), 'utf8')) as { current: string; pending: string | null };
      expect(versions.pending).toBeNull();
      const steps = (await outbox('SecretRotationStepCompleted', created.id)).map((s) => s.data);
      expect(steps.map((s) => s['step'])).toEqual(['create', 'set', 'test', 'finish']);
      expect(new Set(steps.map((s) => s['version']))).toEqual(new Set([versions.current]));
      expect(await outbox('SecretRotated', created.id)).toHaveLength(1);
      expect((await jobs.all('service_account_secret')).find((j) => j.subject_id === created.id)).toMatchObject({ step: 'finish', last_failure: null });
      expect((await readdir(dir)).filter((f) => f.startsWith(`${name}.pending`))).toEqual([]);
    },
    30_000,
  );

  it('a pending version taken away between create and set is staged again, and the rotation finishes', async () => {
    const name = 'pending-taken-away';
    const created = await accounts.create({ name, scopes: ['audit:read'], secret_ref: { provider: 'file', name } }, ADMIN);
    const { sut } = rotationWith(stores);
    faulty.failOnce('pending', false);
    expect(await sut.rotateNow(created.id, ADMIN)).toMatchObject({ status: 'failed', step: 'set' });
    // Someone removes the staged version by hand: the store has nothing pending any more.
    const versionsFile = join(dir, `${name}.versions`);
    const ids = JSON.parse(await readFile(versionsFile, 'utf8')) as Record<string, string | null>;
    await writeFile(versionsFile, JSON.stringify({ ...ids, pending: null }));

    expect(await rotationWith(stores).sut.rotateDue()).toEqual([expect.objectContaining({ status: 'rotated' })]);
    const current = await new FileSecretsProvider({ dir }).get(name);
    expect(await accepts(created.client_id, current)).toBe(true);
    const steps = (await outbox('SecretRotationStepCompleted', created.id)).map((s) => s.data['step']);
    expect(steps).toEqual(['create', 'set', 'test', 'finish']);
  });

  it('two replicas asked at once rotate the account one at a time: each version takes its four steps in order, one SecretRotated each', async () => {
    const name = 'two-replicas';
    const created = await accounts.create({ name, scopes: ['audit:read'], secret_ref: { provider: 'file', name } }, ADMIN);
    const [a, b] = [rotationWith(stores).sut, rotationWith(stores).sut];
    // An operator's request waits for the pass that holds the job: the second either finishes the
    // rotation the first began (idle once it is done) or runs one of its own after it.
    const outcomes = await Promise.all([a.rotateNow(created.id, ADMIN), b.rotateNow(created.id, ADMIN)]);
    expect(outcomes.map((o) => o.status)).toContain('rotated');
    for (const o of outcomes) expect(['rotated', 'idle']).toContain(o.status);
    const steps = (await outbox('SecretRotationStepCompleted', created.id)).map((s) => s.data);
    const versions = [...new Set(steps.map((s) => s['version']))];
    for (const version of versions) expect(steps.filter((s) => s['version'] === version).map((s) => s['step'])).toEqual(['create', 'set', 'test', 'finish']);
    // No version interleaved with another: each rotation ran from create to finish before the next began.
    expect(steps.map((s) => s['version'])).toEqual(versions.flatMap((v) => [v, v, v, v]));
    expect(await outbox('SecretRotated', created.id)).toHaveLength(versions.length);
    expect(await accepts(created.client_id, await new FileSecretsProvider({ dir }).get(name))).toBe(true);
  });

  it('refuses a secret_ref outside the writable stores with a 4xx code and leaves no account', async () => {
    await expect(accounts.create({ name: 'bad', scopes: ['audit:read'], secret_ref: { provider: 'env' as 'file', name: 'x' } }, ADMIN)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      accounts.create({ name: 'bad', scopes: ['audit:read'], secret_ref: { provider: 'file', name: '../etc/passwd' } }, ADMIN),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(accounts.create({ name: 'bad', scopes: ['audit:read'], secret_ref: { provider: 'file', name: 'nested/name' } }, ADMIN)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await ds.query(`SELECT 1 FROM rotation.service_accounts_v1 WHERE name = 'bad'`)).toEqual([]);
  });
});
