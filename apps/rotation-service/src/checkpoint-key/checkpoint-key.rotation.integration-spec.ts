/**
 * The audit checkpoint key rotated by rotation-service through the file store (SECRETS_PROVIDER
 * file), on real Postgres and NATS with a ManualClock: nothing before
 * AUDIT_CHECKPOINT_KEY_ROTATION_DAYS, then one staged rotation. The store holds the new key; the
 * history trusts the old key (with its end) and the new one; a checkpoint the old key signed
 * before the rotation still verifies against the history, one it signs after the end does not;
 * SecretRotated names the version and the key id, never the key. A step that fails records
 * SecretRotationFailed once and the next pass finishes the rotation.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, generateEd25519Secret, signCheckpoint, verifyCheckpoint } from '@tr4ction/audit-chain';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import { SigningSecrets } from '@tr4ction/platform';
import { FileSecretsProvider, FileStagedSecretStore } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { ManualClock } from '@tr4ction/testing';
import { connectBus, FinishFailsOnce, rotationDataSource, RotationEngine, storesServing } from '../testing/rotation-engine';
import { parseHistory } from './checkpoint-key-history';
import { CHECKPOINT_KEY_OVERLAP_MS, CheckpointKeyRotation } from './checkpoint-key.rotation';

const DAY_MS = 24 * 60 * 60 * 1000;
const HEAD = { seq: 7, hash: 'a'.repeat(64) };
const logger = createLogger('checkpoint-key-rotation-spec', 'silent');

describe(CheckpointKeyRotation.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    ds = await rotationDataSource('checkpoint-key-rotation-spec');
    nc = await connectBus();
    await ds.query(`DELETE FROM rotation.rotation_jobs_v1 WHERE what = 'checkpoint_key'`);
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-checkpoint-store-'));
  });

  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates the key in the store once due, keeps every key that signed trusted within its window, and resumes after a failed step', async () => {
    const original = generateEd25519Secret();
    await writeFile(join(dir, 'AUDIT_CHECKPOINT_KEY'), `${original}\n`);
    const clock = new ManualClock();
    const config = parseConfig(rotationServiceSchema, { AUDIT_CHECKPOINT_KEY_ROTATION_DAYS: '90' });
    const secrets = new SigningSecrets({ provider: new FileSecretsProvider({ dir }) });
    const engine = new RotationEngine(ds, nc, clock, config, logger);
    const store = new FinishFailsOnce(new FileStagedSecretStore(dir), 'AUDIT_CHECKPOINT_KEY');
    const sut = new CheckpointKeyRotation(engine.jobs, engine.runner, ...engine.storeRotationArgs(storesServing(store, dir), secrets));
    const outbox = (type: string): Promise<Array<{ envelope: Record<string, unknown> }>> =>
      ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->>'type' = $1 AND envelope->'data'->>'what' = 'checkpoint_key' ORDER BY position`, [type]);
    const signedBeforeRotation = signCheckpoint(ed25519KeyFromSecret(original), HEAD, clock.now());

    // The first pass only starts the clock; nothing is due before the period.
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    clock.setOffset(89 * DAY_MS);
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    expect((await readFile(join(dir, 'AUDIT_CHECKPOINT_KEY'), 'utf8')).trim()).toBe(original);

    // Due: the store refuses the finish once; the rotation stops there, audibly, with the key unchanged.
    clock.setOffset(91 * DAY_MS);
    store.armed = true;
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'failed', step: 'finish', reason: 'StoreUnreachable' });
    expect((await readFile(join(dir, 'AUDIT_CHECKPOINT_KEY'), 'utf8')).trim()).toBe(original);
    expect((await outbox('SecretRotationFailed')).map((r) => r.envelope.data)).toEqual([
      expect.objectContaining({ what: 'checkpoint_key', step: 'finish', reason: 'StoreUnreachable' }),
    ]);

    // The next pass resumes at the finish step.
    const outcome = await sut.rotateDue();
    expect(outcome).toEqual({ status: 'rotated', version: expect.any(String) });
    const rotatedAt = clock.now().getTime();
    const next = (await readFile(join(dir, 'AUDIT_CHECKPOINT_KEY'), 'utf8')).trim();
    expect(next).not.toBe(original);
    expect((await readFile(join(dir, 'AUDIT_CHECKPOINT_KEY.previous'), 'utf8')).trim()).toBe(original);

    // The history: the old key ends one overlap after the rotation, the new one has no end.
    const history = parseHistory(await new FileSecretsProvider({ dir }).get('AUDIT_CHECKPOINT_KEY_HISTORY'));
    const trusted = history.map((e) => ({ key: ed25519PublicKey(e.publicKey), ...(e.notAfter ? { notAfter: new Date(e.notAfter) } : {}) }));
    expect(history).toHaveLength(2);
    expect(trusted.map((t) => ed25519KeyId(t.key))).toEqual([ed25519KeyId(ed25519KeyFromSecret(original)), ed25519KeyId(ed25519KeyFromSecret(next))]);
    expect(Date.parse(history[0].notAfter ?? '')).toBe(rotatedAt + CHECKPOINT_KEY_OVERLAP_MS);
    expect(history[1].notAfter).toBeUndefined();
    expect(verifyCheckpoint(trusted, signedBeforeRotation)).toBe(true);
    expect(verifyCheckpoint(trusted, signCheckpoint(ed25519KeyFromSecret(next), HEAD, new Date(rotatedAt + 400 * DAY_MS)))).toBe(true);
    // The old key, used after its window (leaked, say), is not believed.
    expect(verifyCheckpoint(trusted, signCheckpoint(ed25519KeyFromSecret(original), HEAD, new Date(rotatedAt + CHECKPOINT_KEY_OVERLAP_MS + 1000)))).toBe(false);

    // One SecretRotated: what, version and the public key id; never the key.
    const rotated = await outbox('SecretRotated');
    expect(rotated.map((r) => r.envelope.data)).toEqual([
      { what: 'checkpoint_key', version: outcome?.status === 'rotated' ? outcome.version : '', fingerprint: ed25519KeyId(ed25519KeyFromSecret(next)) },
    ]);
    const everyEvent = JSON.stringify(await ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->'data'->>'what' = 'checkpoint_key'`));
    for (const secret of [original, next]) expect(everyEvent).not.toContain(secret);

    // Nothing more until the next period.
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
  });
});
