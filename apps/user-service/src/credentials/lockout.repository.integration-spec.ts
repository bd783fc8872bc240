/**
 * The lockout counters on real Postgres, with two data sources standing in for two user-service
 * replicas: however many attempts race, no more than the profile's threshold are reserved (so no
 * more passwords are verified), and the attempt that reaches it places the lock.
 */
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { getPolicy } from '@tr4ction/security';
import { integrationEnv } from '@tr4ction/testing';
import { LockoutRepository } from './lockout.repository';

describe(LockoutRepository.name, () => {
  let sources: DataSource[];
  let replicas: LockoutRepository[];

  async function user(): Promise<{ id: string; email: string }> {
    const id = uuidv7();
    const email = `lockout-${id}@example.com`;
    await sources[0].query(`INSERT INTO users.users_v1 (id, email, email_normalized, roles, created_at, version) VALUES ($1, $2, $2, '{founder}', now(), 1)`, [
      id,
      email,
    ]);
    await sources[0].query(
      `INSERT INTO users.credentials (user_id, password_hash) VALUES ($1, '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')`,
      [id],
    );
    return { id, email };
  }

  beforeAll(async () => {
    const { databaseUrl } = integrationEnv();
    sources = [0, 1].map(() => createServiceDataSource({ url: databaseUrl, schema: 'users', service: 'lockout-spec', migrations: [], poolSize: 10 }));
    await Promise.all(sources.map((s) => s.initialize()));
    replicas = sources.map((s) => new LockoutRepository(s));
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
  });

  it.each([
    ['seed', 5],
    ['pci-dss-4', 10],
  ] as const)('%s: of 40 concurrent attempts on two replicas, exactly %d are reserved and the last of them locks', async (profile, threshold) => {
    const { id, email } = await user();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].reserve(email, getPolicy(profile), now)));
    const reserved = results.flatMap((r) => (r.kind === 'decided' && r.decision.kind === 'reserved' ? [r.decision] : []));
    expect(reserved).toHaveLength(threshold);
    expect(reserved.map((d) => d.attempt).sort((a, b) => a - b)).toEqual(Array.from({ length: threshold }, (_, i) => i + 1));
    expect(reserved.filter((d) => d.lockUntil)).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'decided' && r.decision.kind === 'locked')).toHaveLength(40 - threshold);
    const [row] = await sources[0].query(`SELECT failed_attempts, locked_until FROM users.users_v1 WHERE id = $1`, [id]);
    expect(row.failed_attempts).toBe(threshold);
    expect(new Date(row.locked_until).getTime()).toBe(now.getTime() + 30 * 60_000);
  });

  it('gives back an attempt that verified nothing, lock included', async () => {
    const { id, email } = await user();
    const seed = getPolicy('seed');
    let last;
    for (let i = 0; i < 5; i++) last = await replicas[0].reserve(email, seed, new Date());
    if (last?.kind !== 'decided' || last.decision.kind !== 'reserved') throw new Error('expected a reservation');
    await replicas[1].release(id, last.decision.lockUntil);
    const [row] = await sources[0].query(`SELECT failed_attempts, locked_until FROM users.users_v1 WHERE id = $1`, [id]);
    expect(row).toEqual({ failed_attempts: 4, locked_until: null });
  });

  it('reads with the reservation whether the user has a confirmed second factor (a pending one does not count)', async () => {
    const { id, email } = await user();
    const seed = getPolicy('seed');
    const factor = (confirmed: boolean) =>
      sources[0].query(
        `INSERT INTO users.mfa_factors (id, user_id, type, label, secret_encrypted, created_at, confirmed_at) VALUES ($1, $2, 'totp', 'phone', 'sealed', now(), $3)`,
        [uuidv7(), id, confirmed ? new Date() : null],
      );
    expect(await replicas[0].reserve(email, seed, new Date())).toMatchObject({ kind: 'decided', hasConfirmedFactor: false });
    await factor(false);
    expect(await replicas[0].reserve(email, seed, new Date())).toMatchObject({ kind: 'decided', hasConfirmedFactor: false });
    await factor(true);
    expect(await replicas[1].reserve(email, seed, new Date())).toMatchObject({ kind: 'decided', hasConfirmedFactor: true });
  });

  it('counts attempts on unknown emails by hash only', async () => {
    const email = `nobody-${uuidv7()}@example.com`;
    expect(await replicas[0].reserve(email, getPolicy('seed'), new Date())).toEqual({ kind: 'unknown' });
    expect(await replicas[1].reserve(email.toUpperCase(), getPolicy('seed'), new Date())).toEqual({ kind: 'unknown' });
    const rows = await sources[0].query(`SELECT email_hash, attempts FROM users.unknown_login_attempts WHERE attempts = 2`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await sources[0].query(`SELECT * FROM users.unknown_login_attempts`))).not.toContain('nobody-');
  });

  it('second-factor attempts (by user id) and password attempts share one counter: of 40 racing on two replicas, 5 are reserved', async () => {
    const { id, email } = await user();
    const now = new Date();
    const seed = getPolicy('seed');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? replicas[i % 2].reserve(email, seed, now) : replicas[i % 2].reserveForUser(id, seed, now))),
    );
    const reserved = results.flatMap((r) => (r.kind === 'decided' && r.decision.kind === 'reserved' ? [r.decision] : []));
    expect(reserved).toHaveLength(5);
    expect(reserved.filter((d) => d.lockUntil)).toHaveLength(1);
    expect(await replicas[0].reserveForUser(uuidv7(), seed, now)).toEqual({ kind: 'unknown' });
  });
});
