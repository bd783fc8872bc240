/**
 * The spending of second-factor codes on real Postgres, with two data sources standing in for two
 * user-service replicas: a TOTP time step is accepted once however many requests race with it,
 * steps only move forward, and a recovery code is spent exactly once.
 */
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { integrationEnv } from '@tr4ction/testing';
import { MfaRepository } from './mfa.repository';

describe(MfaRepository.name, () => {
  let sources: DataSource[];
  let replicas: MfaRepository[];

  async function confirmedFactor(): Promise<{ userId: string; factorId: string }> {
    const userId = uuidv7();
    const factorId = uuidv7();
    await sources[0].query(`INSERT INTO users.users_v1 (id, email, email_normalized, roles, created_at, version) VALUES ($1, $2, $2, '{founder}', now(), 1)`, [
      userId,
      `mfa-${userId}@example.com`,
    ]);
    await replicas[0].transaction((m) =>
      replicas[0].insertPending(m, { id: factorId, user_id: userId, type: 'totp', label: 'phone', secret_encrypted: 'v1.x.y.z', created_at: new Date() }),
    );
    await replicas[0].transaction(async (m) => expect(await replicas[0].confirm(m, factorId, 100, new Date())).toBe(true));
    return { userId, factorId };
  }

  beforeAll(async () => {
    const { databaseUrl } = integrationEnv();
    sources = [0, 1].map(() => createServiceDataSource({ url: databaseUrl, schema: 'users', service: 'mfa-spec', migrations: [], poolSize: 10 }));
    await Promise.all(sources.map((s) => s.initialize()));
    replicas = sources.map((s) => new MfaRepository(s));
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
  });

  it('of 20 concurrent acceptances of one time step on two replicas, exactly one wins', async () => {
    const { factorId } = await confirmedFactor();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => replicas[i % 2].transaction((m) => replicas[i % 2].acceptStep(m, factorId, 101, new Date()))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('accepts only steps after the last accepted one (the confirming code included)', async () => {
    const { userId, factorId } = await confirmedFactor();
    const accept = (step: number) => replicas[0].transaction((m) => replicas[0].acceptStep(m, factorId, step, new Date()));
    expect(await accept(100)).toBe(false);
    expect(await accept(99)).toBe(false);
    expect(await accept(102)).toBe(true);
    expect(await accept(101)).toBe(false);
    const [factor] = await replicas[1].confirmedFactors(userId);
    expect(Number(factor.last_used_step)).toBe(102);
  });

  it('a pending factor cannot be used, and confirming it twice fails the second time', async () => {
    const userId = uuidv7();
    const factorId = uuidv7();
    await replicas[0].transaction((m) =>
      replicas[0].insertPending(m, { id: factorId, user_id: userId, type: 'totp', label: 'phone', secret_encrypted: 'v1.x.y.z', created_at: new Date() }),
    );
    expect(await replicas[0].transaction((m) => replicas[0].acceptStep(m, factorId, 5, new Date()))).toBe(false);
    const both = await Promise.all(replicas.map((r) => r.transaction((m) => r.confirm(m, factorId, 5, new Date()))));
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it('a recovery code is spent once across replicas; regenerating voids the old set', async () => {
    const { userId } = await confirmedFactor();
    await replicas[0].transaction((m) => replicas[0].replaceRecoveryCodes(m, userId, ['h1', 'h2', 'h3'], new Date()));
    const spends = await Promise.all(
      Array.from({ length: 10 }, (_, i) => replicas[i % 2].transaction((m) => replicas[i % 2].useRecoveryCode(m, userId, 'h1', new Date()))),
    );
    expect(spends.filter(Boolean)).toHaveLength(1);
    expect(await replicas[1].recoveryCodesLeft(userId)).toBe(2);
    await replicas[1].transaction((m) => replicas[1].replaceRecoveryCodes(m, userId, ['n1'], new Date()));
    expect(await replicas[0].transaction((m) => replicas[0].useRecoveryCode(m, userId, 'h2', new Date()))).toBe(false);
    expect(await replicas[0].recoveryCodesLeft(userId)).toBe(1);
  });

  it('deleteAll removes every factor and code and counts the confirmed ones', async () => {
    const { userId } = await confirmedFactor();
    await replicas[0].transaction((m) =>
      replicas[0].insertPending(m, { id: uuidv7(), user_id: userId, type: 'totp', label: 'second', secret_encrypted: 'v1.x.y.z', created_at: new Date() }),
    );
    await replicas[0].transaction((m) => replicas[0].replaceRecoveryCodes(m, userId, ['a', 'b'], new Date()));
    expect(await replicas[1].transaction((m) => replicas[1].deleteAll(m, userId))).toBe(1);
    expect(await replicas[0].confirmedFactors(userId)).toEqual([]);
    expect(await replicas[0].recoveryCodesLeft(userId)).toBe(0);
  });
});
