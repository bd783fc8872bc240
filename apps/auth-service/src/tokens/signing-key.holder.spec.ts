import { randomBytes } from 'node:crypto';
import { RPC } from '@tr4ction/contracts';
import { RpcCallError, type RpcClient } from '@tr4ction/messaging';
import { SigningSecrets } from '@tr4ction/platform';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import { createLogger } from '@tr4ction/telemetry';
import { deriveMasterKey, encryptPrivateKey, generateSigningKey, type GeneratedSigningKey } from '@tr4ction/tokens';
import { SigningKeyHolder } from './signing-key.holder';

const logger = createLogger('holder-spec', 'silent');

/** A fake of rotation-service's RPC answer (no NATS here): the active key, encrypted. */
function setup(env: Record<string, string>) {
  let active: { kid: string; alg: string; encrypted_private_key: string } | undefined;
  const calls: string[] = [];
  const rpc = {
    send: async (pattern: string) => {
      calls.push(pattern);
      if (!active) throw new RpcCallError('SERVICE_UNAVAILABLE', 'No active signing key yet');
      return active;
    },
  } as unknown as RpcClient;
  const secrets = new SigningSecrets({ provider: new EnvSecretsProvider(env) });
  const sut = new SigningKeyHolder({ mode: 'asymmetric', rpc, secrets, logger, resyncMs: 60_000 });
  return {
    sut,
    calls,
    outage: () => (active = undefined),
    publish: (key: GeneratedSigningKey, master: string) =>
      (active = { kid: key.kid, alg: key.alg, encrypted_private_key: encryptPrivateKey(key.privatePem, deriveMasterKey(master), key.kid) }),
  };
}

describe(SigningKeyHolder.name, () => {
  let k1: GeneratedSigningKey;
  let k2: GeneratedSigningKey;

  beforeAll(async () => {
    [k1, k2] = await Promise.all([generateSigningKey('RS256'), generateSigningKey('RS256')]);
  });

  it('has no key (so no token is signed) until rotation-service has an active one', async () => {
    const master = randomBytes(32).toString('hex');
    const { sut, publish } = setup({ SIGNING_KEYS_MASTER_KEY: master });
    expect(await sut.refresh()).toBe(false);
    expect(sut.current()).toBeUndefined();

    publish(k1, master);
    expect(await sut.refresh()).toBe(true);
    expect(sut.current()).toEqual({ kid: k1.kid, alg: 'RS256', privatePem: k1.privatePem });
  });

  it('switches to a newly activated key and asks only rotation-service for it', async () => {
    const master = randomBytes(32).toString('hex');
    const { sut, publish, calls } = setup({ SIGNING_KEYS_MASTER_KEY: master });
    publish(k1, master);
    await sut.refresh();
    publish(k2, master);
    await sut.refresh();
    expect(sut.currentKid).toBe(k2.kid);
    expect(new Set(calls)).toEqual(new Set([RPC.rotation.activeSigningKey]));
  });

  it('keeps signing with the key it has when rotation-service is briefly unreachable', async () => {
    const master = randomBytes(32).toString('hex');
    const { sut, publish, outage } = setup({ SIGNING_KEYS_MASTER_KEY: master });
    publish(k1, master);
    await sut.refresh();
    outage();
    expect(await sut.refresh()).toBe(false);
    expect(sut.currentKid).toBe(k1.kid);
  });

  it('refuses a key encrypted under another master key, never signing with garbage', async () => {
    const { sut, publish } = setup({ SIGNING_KEYS_MASTER_KEY: randomBytes(32).toString('hex') });
    publish(k1, randomBytes(32).toString('hex'));
    expect(await sut.refresh()).toBe(false);
    expect(sut.current()).toBeUndefined();
  });
});
