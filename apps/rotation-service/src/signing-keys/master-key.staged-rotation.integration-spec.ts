/**
 * Unattended master-key rotation through the file store (SECRETS_PROVIDER file), on real Postgres
 * and NATS: a new key is made in the store, every stored private key is re-encrypted under it in
 * the finish step, and the old one is retired (SIGNING_KEYS_MASTER_KEY_PREVIOUS set to the new key,
 * so readers hold one key). A finish the store refuses leaves every row under the old key, readable;
 * the next pass resumes there and ends with one current version.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import type { RequestMeta } from '@tr4ction/contracts';
import { SigningSecrets } from '@tr4ction/platform';
import { FileSecretsProvider, FileStagedSecretStore } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { decryptPrivateKey, deriveMasterKey, masterKeyId } from '@tr4ction/tokens';
import { ManualClock } from '@tr4ction/testing';
import { connectBus, FinishFailsOnce, ROTATION_SERVICE, rotationDataSource, RotationEngine, storesServing } from '../testing/rotation-engine';
import { MasterKeyRotation } from './master-key.rotation';
import { MasterKeyStagedRotation } from './master-key.staged-rotation';
import { SigningKeysRepository } from './signing-keys.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
const OPERATOR: RequestMeta = { actor: { type: 'cli', id: 'alice' } };
const logger = createLogger('master-key-staged-spec', 'silent');

interface MaterialRow {
  kid: string;
  encrypted_private_key: string;
  master_key_id: string | null;
}

describe(MasterKeyStagedRotation.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    ds = await rotationDataSource('master-key-staged-spec');
    nc = await connectBus();
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-master-store-'));
  });

  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE rotation.signing_keys_v1, rotation.signing_key_material, rotation.event_store, rotation.outbox, rotation.rotation_reminders`);
    await ds.query(`UPDATE rotation.scheduler_jobs SET rotation_requested_at = NULL, last_run_at = NULL`);
    await ds.query(`DELETE FROM rotation.rotation_jobs_v1 WHERE what = 'master_key'`);
  });

  it('makes a new key in the store, re-encrypts every stored key under it, retires the old one, and resumes after a refused finish', async () => {
    const original = randomBytes(32).toString('hex');
    await writeFile(join(dir, 'SIGNING_KEYS_MASTER_KEY'), `${original}\n`);
    const clock = new ManualClock();
    const config = parseConfig(rotationServiceSchema, { SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS: '180' });
    const secrets = new SigningSecrets({ provider: new FileSecretsProvider({ dir }), ttlMs: 0 });
    const engine = new RotationEngine(ds, nc, clock, config, logger);
    await engine.signingKeys(secrets).reconcile();
    const repo = new SigningKeysRepository(ds);
    const store = new FinishFailsOnce(new FileStagedSecretStore(dir), 'SIGNING_KEYS_MASTER_KEY');
    const sut = new MasterKeyStagedRotation(
      engine.jobs,
      engine.runner,
      repo,
      new MasterKeyRotation(repo, engine.unitOfWork, ROTATION_SERVICE, config, logger, secrets),
      ...engine.storeRotationArgs(storesServing(store, dir), secrets),
    );
    const material = (): Promise<MaterialRow[]> => ds.query(`SELECT kid, encrypted_private_key, master_key_id FROM rotation.signing_key_material ORDER BY kid`);
    // What every service reads through the file provider (the exact name, or the dashed one the store wrote).
    const file = async (name: string) => (await new FileSecretsProvider({ dir }).get(name)).trim();
    const before = await material();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const originalId = masterKeyId(deriveMasterKey(original));
    expect(before.every((r) => r.master_key_id === originalId)).toBe(true);

    // The first pass starts the period; nothing is due.
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    clock.setOffset(181 * DAY_MS);
    store.armed = true;
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'failed', step: 'finish', reason: 'StoreUnreachable' });
    // Mid-rotation: the old key is still current and also PREVIOUS; every row is under it, readable.
    expect(await file('SIGNING_KEYS_MASTER_KEY')).toBe(original);
    expect(await file('SIGNING_KEYS_MASTER_KEY_PREVIOUS')).toBe(original);
    expect((await material()).every((r) => r.master_key_id === originalId)).toBe(true);

    const outcome = await sut.rotateDue();
    expect(outcome).toEqual({ status: 'rotated', version: expect.any(String) });
    const next = await file('SIGNING_KEYS_MASTER_KEY');
    expect(next).not.toBe(original);
    const nextId = masterKeyId(deriveMasterKey(next));
    const after = await material();
    expect(after).toHaveLength(before.length);
    for (const row of after) {
      expect(row.master_key_id).toBe(nextId);
      expect(() => decryptPrivateKey(row.encrypted_private_key, deriveMasterKey(next), row.kid)).not.toThrow();
    }
    // Retired: readers now hold the one current key.
    expect(await file('SIGNING_KEYS_MASTER_KEY_PREVIOUS')).toBe(next);
    await expect(secrets.masterKeys()).resolves.toHaveLength(1);

    const events: Array<{ type: string; data: Record<string, unknown> }> = (
      await ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->'data'->>'what' = 'master_key' ORDER BY position`)
    ).map((r: { envelope: { type: string; data: Record<string, unknown> } }) => r.envelope);
    expect(events.filter((e) => e.type === 'SecretRotated').map((e) => e.data)).toEqual([
      { what: 'master_key', version: outcome?.status === 'rotated' ? outcome.version : '', fingerprint: nextId, reencrypted: before.length },
    ]);
    expect(events.filter((e) => e.type === 'SecretRotationFailed').map((e) => e.data)).toEqual([
      expect.objectContaining({ what: 'master_key', step: 'finish', reason: 'StoreUnreachable' }),
    ]);
    const text = JSON.stringify(events);
    for (const secret of [original, next]) expect(text).not.toContain(secret);

    // An operator's staged rotation right after: one more version, everything under it.
    const again = await sut.rotateNow(OPERATOR);
    expect(again.status).toBe('rotated');
    const third = await file('SIGNING_KEYS_MASTER_KEY');
    expect((await material()).every((r) => r.master_key_id === masterKeyId(deriveMasterKey(third)))).toBe(true);
    expect(await file('SIGNING_KEYS_MASTER_KEY_PREVIOUS')).toBe(third);
  });
});
