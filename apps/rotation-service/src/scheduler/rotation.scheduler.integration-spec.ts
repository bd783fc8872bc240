/**
 * Two replicas of the rotation scheduler on one database (each its own pool and services, one
 * shared clock), ticking at the same time while the clock crosses due dates: every job runs once
 * per due time (one bootstrap, one planned rotation per period, one reminder per secret due),
 * because the job row lock and the reminder claim decide, not the replica that happens to tick.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { SigningSecrets } from '@tr4ction/platform';
import { EnvSecretsProvider, StagedSecretStores } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { ManualClock, waitFor } from '@tr4ction/testing';
import type { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { connectBus, rotationDataSource, RotationEngine } from '../testing/rotation-engine';
import type { RotationScheduler } from './rotation.scheduler';

const DAY_MS = 24 * 60 * 60 * 1000;
const MASTER = randomBytes(32).toString('hex');
const ADMIN: RequestMeta = { actor: { type: 'user', id: '00000000-0000-7000-8000-000000000001' } };
const logger = createLogger('rotation-scheduler-spec', 'silent');

interface Replica {
  ds: DataSource;
  accounts: ServiceAccountsService;
  scheduler: RotationScheduler;
  /** Completed scheduler passes (the last step of a pass is the reminder sweep). */
  passes: number;
}

describe('rotation scheduler on two replicas', () => {
  let admin: DataSource;
  let nc: NatsConnection;
  const clock = new ManualClock();
  const replicas: Replica[] = [];

  async function replica(): Promise<Replica> {
    const ds = await rotationDataSource('rotation-scheduler-spec', 4);
    const config = parseConfig(rotationServiceSchema, { JWKS_CACHE_SECONDS: '300', ROTATION_CHECK_INTERVAL_MS: '200' });
    const engine = new RotationEngine(ds, nc, clock, config, logger);
    const secrets = new SigningSecrets({ provider: new EnvSecretsProvider({ SIGNING_KEYS_MASTER_KEY: MASTER }) });
    const stores = new StagedSecretStores();
    const accounts = engine.serviceAccounts(stores);
    const { scheduler } = engine.scheduler({
      keys: engine.signingKeys(secrets),
      accounts,
      accountSecrets: engine.accountSecrets(accounts, stores),
      stores,
      secrets,
    });
    const r: Replica = { ds, accounts, scheduler, passes: 0 };
    const sweep = accounts.remindDue.bind(accounts);
    accounts.remindDue = async () => {
      try {
        return await sweep();
      } finally {
        r.passes += 1;
      }
    };
    replicas.push(r);
    return r;
  }

  /** Two more full passes on every replica: at least one of them started after the clock moved. */
  async function twoMorePasses(): Promise<void> {
    const targets = replicas.map((r) => r.passes + 2);
    await waitFor(() => replicas.every((r, i) => r.passes >= targets[i]), { timeoutMs: 10_000, intervalMs: 20, what: 'two scheduler passes on each replica' });
  }

  async function events(type: string, what?: string): Promise<Array<{ subject: string }>> {
    return admin.query(
      `SELECT envelope->'subject'->>'id' AS subject FROM rotation.outbox WHERE envelope->>'type' = $1 AND ($2::text IS NULL OR envelope->'data'->>'what' = $2)`,
      [type, what ?? null],
    );
  }

  async function statuses(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await admin.query(`SELECT status, count(*) AS n FROM rotation.signing_keys_v1 GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  beforeAll(async () => {
    admin = await rotationDataSource('rotation-scheduler-spec');
    nc = await connectBus();
    await admin.query(
      `TRUNCATE rotation.signing_keys_v1, rotation.signing_key_material, rotation.event_store, rotation.outbox, rotation.rotation_reminders, rotation.service_accounts_v1, rotation.service_account_secrets`,
    );
    await admin.query(`UPDATE rotation.scheduler_jobs SET rotation_requested_at = NULL, last_run_at = NULL`);
  });

  afterAll(async () => {
    for (const r of replicas) {
      await r.scheduler.onApplicationShutdown();
      await r.ds.destroy();
    }
    await nc?.close();
    await admin?.destroy();
  });

  it('runs each due job once per due time while both replicas tick', async () => {
    const [a, b] = [await replica(), await replica()];
    const created = await Promise.all([1, 2, 3].map((n) => a.accounts.create({ name: `exporter ${n}`, scopes: ['audit:read'] }, ADMIN)));

    // Both boot at once: one key bootstrap between them (its first activation counts as a rotation).
    await Promise.all([a.scheduler.start(), b.scheduler.start()]);
    await twoMorePasses();
    expect(await statuses()).toEqual({ active: 1, next: 1 });
    expect(await events('SecretRotated')).toHaveLength(1);
    expect(await events('RotationDue')).toHaveLength(0);

    // 24 days: every secret is inside its reminder window (due at 30 days, reminded 7 days before).
    clock.setOffset(24 * DAY_MS);
    await twoMorePasses();
    const reminded = (await events('RotationDue', 'service_account_secret')).map((e) => e.subject).sort();
    expect(reminded).toEqual(created.map((c) => c.id).sort());

    // 91 days: the planned rotation (due at 90), once.
    clock.setOffset(91 * DAY_MS);
    await twoMorePasses();
    expect(await events('SecretRotated')).toHaveLength(2);

    // 176 days: the new key's rotation (due at 181) is reminded once; at 182 it rotates, once.
    clock.setOffset(176 * DAY_MS);
    await twoMorePasses();
    expect(await events('RotationDue', 'signing_key')).toHaveLength(1);
    clock.setOffset(182 * DAY_MS);
    await twoMorePasses();
    expect(await events('SecretRotated')).toHaveLength(3);
    expect((await statuses()).active).toBe(1);
    expect(await events('RotationDue', 'service_account_secret')).toHaveLength(created.length);
    expect(await events('RotationDue', 'signing_key')).toHaveLength(1);
  }, 30_000);
});
