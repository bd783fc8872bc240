/**
 * Passkey state on real Postgres, with two data sources standing in for two user-service
 * replicas: a registration challenge is taken once, an expired one not at all, a sign counter moves
 * once from the value it was checked against, and one authenticator cannot be registered twice.
 */
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@tr4ction/contracts';
import { createServiceDataSource } from '@tr4ction/persistence';
import { integrationEnv } from '@tr4ction/testing';
import { WebauthnRepository, type NewPasskey } from './webauthn.repository';

describe(WebauthnRepository.name, () => {
  let sources: DataSource[];
  let replicas: WebauthnRepository[];

  async function newUser(): Promise<string> {
    const userId = uuidv7();
    await sources[0].query(`INSERT INTO users.users_v1 (id, email, email_normalized, roles, created_at, version) VALUES ($1, $2, $2, '{founder}', now(), 1)`, [
      userId,
      `pk-${userId}@example.com`,
    ]);
    return userId;
  }

  const passkey = (userId: string, credentialId = `cred-${uuidv7()}`): NewPasskey => ({
    id: uuidv7(),
    user_id: userId,
    label: 'laptop',
    credential_id: credentialId,
    public_key: 'pQECAyYgASFYIA',
    sign_count: 0,
    transports: ['internal'],
    created_at: new Date(),
  });

  beforeAll(async () => {
    const { databaseUrl } = integrationEnv();
    sources = [0, 1].map(() => createServiceDataSource({ url: databaseUrl, schema: 'users', service: 'webauthn-spec', migrations: [], poolSize: 10 }));
    await Promise.all(sources.map((s) => s.initialize()));
    replicas = sources.map((s) => new WebauthnRepository(s));
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
  });

  it('of 10 concurrent takes of a registration challenge on two replicas, exactly one gets it', async () => {
    const userId = await newUser();
    await replicas[0].saveRegistrationChallenge(userId, 'challenge-a', new Date(Date.now() + 60_000));
    // New options replace the challenge of earlier ones.
    await replicas[1].saveRegistrationChallenge(userId, 'challenge-b', new Date(Date.now() + 60_000));
    const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2].takeRegistrationChallenge(userId, new Date())));
    expect(taken.filter((t) => t !== undefined)).toEqual(['challenge-b']);
  });

  it('an expired registration challenge is spent without being handed out', async () => {
    const userId = await newUser();
    await replicas[0].saveRegistrationChallenge(userId, 'old', new Date(Date.now() - 1));
    expect(await replicas[0].takeRegistrationChallenge(userId, new Date())).toBeUndefined();
    expect(await sources[0].query(`SELECT 1 FROM users.webauthn_registrations WHERE user_id = $1`, [userId])).toEqual([]);
  });

  it('one authenticator is registered once, whichever account asks', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const first = passkey(a);
    expect(await sources[0].transaction((m) => replicas[0].insertPasskey(m, first))).toBe(true);
    expect(await sources[1].transaction((m) => replicas[1].insertPasskey(m, { ...passkey(b, first.credential_id) }))).toBe(false);
  });

  it('of 10 concurrent acceptances from the same counter on two replicas, exactly one wins; the counter then refuses the old value', async () => {
    const userId = await newUser();
    const p = passkey(userId);
    await sources[0].transaction((m) => replicas[0].insertPasskey(m, p));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => sources[i % 2].transaction((m) => replicas[i % 2].acceptAssertion(m, p.id, 0, 5, new Date()))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await sources[0].transaction((m) => replicas[0].acceptAssertion(m, p.id, 0, 6, new Date()))).toBe(false);
    expect(await sources[0].transaction((m) => replicas[0].acceptAssertion(m, p.id, 5, 6, new Date()))).toBe(true);
  });
});
