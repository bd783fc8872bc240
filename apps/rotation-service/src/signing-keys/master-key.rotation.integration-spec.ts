/**
 * Master-key rotation on real Postgres (and a real outbox relay on NATS): keys written under one
 * master key are re-encrypted under the next, once, with one `SecretRotated`; a second run finds
 * nothing to do; rows under a key the service is not given stop the rotation with nothing changed;
 * two replicas rotating at once re-encrypt each row once.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventRecorder, OutboxRelay, ServiceError, UnitOfWork } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SigningSecrets, type Clock } from '@tr4ction/platform';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { AccessTokenLifetimeWindow, decryptPrivateKey, deriveMasterKey, masterKeyId } from '@tr4ction/tokens';
import { integrationEnv, testBusKeys } from '@tr4ction/testing';
import { MasterKeyRotation } from './master-key.rotation';
import { SigningKeyAggregates } from './signing-key-aggregates';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

const OPERATOR: RequestMeta = { actor: { type: 'cli', id: 'alice' } };
const logger = createLogger('master-key-spec', 'silent');
const newMaster = (): string => randomBytes(32).toString('hex');
const clock: Clock = { now: () => new Date() };

interface MaterialRow {
  kid: string;
  encrypted_private_key: string;
  master_key_id: string | null;
}

describe(MasterKeyRotation.name, () => {
  const dataSources: DataSource[] = [];
  let nc: NatsConnection;
  let ds: DataSource;

  function secrets(current: string, previous?: string): SigningSecrets {
    const env: Record<string, string> = { SIGNING_KEYS_MASTER_KEY: current, ...(previous ? { SIGNING_KEYS_MASTER_KEY_PREVIOUS: previous } : {}) };
    return new SigningSecrets({ provider: new EnvSecretsProvider(env) });
  }

  /** One rotation-service replica's parts; `ownConnection` gives it its own pool. */
  function replica(keys: SigningSecrets, ownConnection = false): { rotation: MasterKeyRotation; signingKeys: SigningKeysService } {
    const own = ownConnection
      ? createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'master-key-spec', migrations: [] })
      : ds;
    if (own !== ds) dataSources.push(own);
    const config = parseConfig(rotationServiceSchema, {});
    const repo = new SigningKeysRepository(own);
    const relay = new OutboxRelay(own, 'rotation', nc.jetstream(), testBusKeys().signer('rotation-service'), logger);
    const window = new AccessTokenLifetimeWindow({ envSeconds: 900, maxSeconds: 900 });
    window.observe(900, Date.now(), null);
    return {
      rotation: new MasterKeyRotation(repo, new UnitOfWork(own, new EventRecorder('rotation'), relay), 'rotation-service', config, logger, keys),
      signingKeys: new SigningKeysService(
        repo,
        new SigningKeyAggregates(new EventRecorder('rotation')),
        new UnitOfWork(own, new EventRecorder('rotation'), relay),
        'rotation-service',
        clock,
        config,
        logger,
        keys,
        window,
      ),
    };
  }

  const material = (): Promise<MaterialRow[]> => ds.query(`SELECT kid, encrypted_private_key, master_key_id FROM rotation.signing_key_material ORDER BY kid`);

  /** Master-key events only (bootstrapping keys records `SecretRotated {what: signing_key}` too). */
  async function events(type: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ envelope: Record<string, unknown> }> = await ds.query(
      `SELECT envelope FROM rotation.outbox WHERE envelope->>'type' = $1 AND envelope->'data'->>'what' = 'master_key'`,
      [type],
    );
    return rows.map((r) => r.envelope);
  }

  function opensWith(row: MaterialRow, master: string): boolean {
    try {
      decryptPrivateKey(row.encrypted_private_key, deriveMasterKey(master), row.kid);
      return true;
    } catch {
      return false;
    }
  }

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'rotation', service: 'master-key-spec', migrations: [] });
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
  });

  it('re-encrypts every stored key under the new master key once, and a second run changes nothing', async () => {
    const oldMaster = newMaster();
    const nextMaster = newMaster();
    await replica(secrets(oldMaster)).signingKeys.reconcile();
    const before = await material();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.every((row) => row.master_key_id === masterKeyId(deriveMasterKey(oldMaster)))).toBe(true);

    const { rotation } = replica(secrets(nextMaster, oldMaster));
    const outcome = await rotation.rotate(OPERATOR);

    const nextId = masterKeyId(deriveMasterKey(nextMaster));
    expect(outcome).toEqual({ status: 'rotated', master_key_id: nextId, reencrypted: before.length, stored_keys: before.length });
    const after = await material();
    for (const row of after) {
      expect(row.master_key_id).toBe(nextId);
      expect(opensWith(row, nextMaster)).toBe(true);
      expect(opensWith(row, oldMaster)).toBe(false);
    }
    const rotated = await events('SecretRotated');
    expect(rotated.map((e) => e.data)).toEqual([{ what: 'master_key', fingerprint: nextId, reencrypted: before.length }]);
    expect(JSON.stringify(rotated)).not.toContain(nextMaster);
    expect(JSON.stringify(rotated)).not.toContain(oldMaster);

    // The previous key can now be dropped: without it the rotation has nothing left to do.
    expect(await replica(secrets(nextMaster)).rotation.rotate(OPERATOR)).toMatchObject({ status: 'unchanged', reencrypted: 0 });
    expect(await events('SecretRotated')).toHaveLength(1);
  });

  it('writes keys created during the overlap under the new master key', async () => {
    const oldMaster = newMaster();
    const nextMaster = newMaster();
    const overlap = replica(secrets(nextMaster, oldMaster));
    await replica(secrets(oldMaster)).signingKeys.reconcile();
    const active = (await overlap.signingKeys.list()).find((k) => k.status === 'active');
    await overlap.signingKeys.revoke(active?.kid ?? '', 'test', OPERATOR);
    const fresh = (await material()).filter((row) => row.master_key_id === masterKeyId(deriveMasterKey(nextMaster)));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((row) => opensWith(row, nextMaster))).toBe(true);
  });

  it('stops with nothing changed when a stored key is under a master key it was not given', async () => {
    const oldMaster = newMaster();
    await replica(secrets(oldMaster)).signingKeys.reconcile();
    const before = await material();

    const error = await replica(secrets(newMaster()))
      .rotation.rotate(OPERATOR)
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('PRECONDITION_FAILED');
    expect(await material()).toEqual(before);
    const failed = await events('SecretRotationFailed');
    expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ what: 'master_key', step: 'reencrypt', reason: 'rows_under_unknown_key' })]);
    expect(await events('SecretRotated')).toHaveLength(0);
  });

  it('re-encrypts each row once when two replicas rotate at the same time', async () => {
    const oldMaster = newMaster();
    const nextMaster = newMaster();
    await replica(secrets(oldMaster)).signingKeys.reconcile();
    const stored = (await material()).length;

    const [first, second] = [replica(secrets(nextMaster, oldMaster), true), replica(secrets(nextMaster, oldMaster), true)];
    await Promise.all(dataSources.map((own) => own.initialize()));

    const outcomes = await Promise.all([first.rotation.rotate(OPERATOR), second.rotation.rotate(OPERATOR)]);

    expect(outcomes.map((o) => o.reencrypted).sort()).toEqual([0, stored]);
    expect(await events('SecretRotated')).toHaveLength(1);
    expect((await material()).every((row) => opensWith(row, nextMaster))).toBe(true);
  });
});
