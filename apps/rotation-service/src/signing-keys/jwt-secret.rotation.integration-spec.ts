/**
 * HS256 mode's JWT_SECRET_KEY rotated by rotation-service through the file store (SECRETS_PROVIDER
 * file), on real Postgres and NATS with a ManualClock: nothing before SIGNING_KEY_ROTATION_DAYS,
 * then one staged rotation; services reading the file get the new secret, the old one is kept as
 * `.previous`, and SecretRotated names the new kid and version, never the secret.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { parseConfig, rotationServiceSchema } from '@tr4ction/config';
import { SigningSecrets } from '@tr4ction/platform';
import { FileSecretsProvider, StagedSecretStores } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { hmacKeyId } from '@tr4ction/tokens';
import { ManualClock } from '@tr4ction/testing';
import { connectBus, rotationDataSource, RotationEngine } from '../testing/rotation-engine';
import { JwtSecretRotation } from './jwt-secret.rotation';

const DAY_MS = 24 * 60 * 60 * 1000;
const logger = createLogger('jwt-secret-rotation-spec', 'silent');

describe(JwtSecretRotation.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    ds = await rotationDataSource('jwt-secret-rotation-spec');
    nc = await connectBus();
    await ds.query(`DELETE FROM rotation.rotation_jobs_v1 WHERE what = 'jwt_secret'`);
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-jwt-store-'));
  });

  afterAll(async () => {
    await nc?.close();
    await ds?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates the HS256 secret in the file store once SIGNING_KEY_ROTATION_DAYS have passed', async () => {
    const original = randomBytes(40).toString('base64url');
    // The operator's file, under the exact key name (the file provider prefers it to the dashed one).
    await writeFile(join(dir, 'JWT_SECRET_KEY'), `${original}\n`);
    const clock = new ManualClock();
    const config = parseConfig(rotationServiceSchema, { JWT_ALGORITHM: 'HS256', JWKS_CACHE_SECONDS: '300' });
    const secrets = new SigningSecrets({ provider: new FileSecretsProvider({ dir }) });
    const engine = new RotationEngine(ds, nc, clock, config, logger);
    const sut = new JwtSecretRotation(engine.jobs, engine.runner, ...engine.storeRotationArgs(new StagedSecretStores({ fileDir: dir }), secrets));
    const rotatedEvents = () =>
      ds.query(`SELECT envelope FROM rotation.outbox WHERE envelope->>'type' = 'SecretRotated' AND envelope->'data'->>'what' = 'jwt_secret'`);

    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    clock.setOffset(89 * DAY_MS);
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    expect(await secrets.jwtSecret()).toBe(original);

    clock.setOffset(config.SIGNING_KEY_ROTATION_DAYS * DAY_MS + 1000);
    const outcome = await sut.rotateDue();
    expect(outcome).toMatchObject({ status: 'rotated' });
    const rotated = await secrets.jwtSecret();
    expect(rotated).not.toBe(original);
    expect(Buffer.byteLength(rotated)).toBeGreaterThanOrEqual(32);
    await expect(readFile(join(dir, 'JWT_SECRET_KEY.previous'), 'utf8')).resolves.toBe(`${original}\n`);

    const events: Array<{ envelope: { data: Record<string, unknown> } }> = await rotatedEvents();
    expect(events.map((e) => e.envelope.data)).toEqual([{ what: 'jwt_secret', kid: hmacKeyId(rotated), version: (outcome as { version: string }).version }]);
    expect(JSON.stringify(events)).not.toContain(rotated);
    expect(JSON.stringify(events)).not.toContain(original);

    // The next period starts at this rotation.
    await expect(sut.rotateDue()).resolves.toEqual({ status: 'idle' });
    expect(await rotatedEvents()).toHaveLength(1);
  });

  it('leaves RS256 deployments alone', async () => {
    const config = parseConfig(rotationServiceSchema, { JWKS_CACHE_SECONDS: '300' });
    const secrets = new SigningSecrets({ provider: new FileSecretsProvider({ dir }) });
    const engine = new RotationEngine(ds, nc, new ManualClock(), config, logger);
    const sut = new JwtSecretRotation(engine.jobs, engine.runner, ...engine.storeRotationArgs(new StagedSecretStores({ fileDir: dir }), secrets));
    await expect(sut.rotateDue()).resolves.toBeUndefined();
  });
});
