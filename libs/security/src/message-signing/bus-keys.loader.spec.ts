import { generateKeyPairSync } from 'node:crypto';
import { ed25519KeyFromSecret, rawEd25519PublicKey } from '@tr4ction/audit-chain';
import {
  BUS_PUBLIC_KEYS,
  BusKeyError,
  busSigningKeyName,
  developmentBusKey,
  generateBusKeys,
  loadBusKeys,
  loadMessageSigner,
  loadMessageVerifier,
  parsePinnedPublicKeys,
} from './bus-keys.loader';
import { MessageSigner } from './message-signer';

/** A fake secrets provider over a plain object (unit test only). */
function fakeSecrets(values: Record<string, string>) {
  return { getOptional: async (key: string) => values[key] };
}

const dev = { environment: 'development' };
const prod = { environment: 'production' };

describe('bus key loading', () => {
  it('names one secret per identity', () => {
    expect(busSigningKeyName('user-service')).toBe('BUS_SIGNING_KEY_USER_SERVICE');
    expect(busSigningKeyName('cli')).toBe('BUS_SIGNING_KEY_CLI');
  });

  it('loads a signer and a verifier that agree, from generated keys', async () => {
    const env = generateBusKeys();
    const { signer, verifier, development } = await loadBusKeys(fakeSecrets(env), 'auth-service', prod);
    expect(development).toBe(false);
    const sig = signer.sign('tr4ction.event.v1', Buffer.from('x'));
    expect(verifier.verify('auth-service', 'tr4ction.event.v1', Buffer.from('x'), sig)).toEqual({ ok: true });
    expect(verifier.identities().sort()).toEqual(['api-gateway', 'audit-service', 'auth-service', 'cli', 'rotation-service', 'user-service']);
    // One identity's key is never accepted for another.
    const forged = new MessageSigner('auth-service', ed25519KeyFromSecret(env.BUS_SIGNING_KEY_USER_SERVICE ?? '')).sign('tr4ction.event.v1', Buffer.from('x'));
    expect(verifier.verify('auth-service', 'tr4ction.event.v1', Buffer.from('x'), forged).ok).toBe(false);
  });

  it('uses the derived development keys only outside production with nothing configured', async () => {
    const { signer, verifier, development } = await loadBusKeys(fakeSecrets({}), 'user-service', dev);
    expect(development).toBe(true);
    expect(signer.development).toBe(true);
    expect(verifier.verify('user-service', 'p.v1', Buffer.from('x'), signer.sign('p.v1', Buffer.from('x')))).toEqual({ ok: true });
    await expect(loadMessageSigner(fakeSecrets({}), 'user-service', prod)).rejects.toThrow('BUS_SIGNING_KEY_USER_SERVICE is required in production');
    await expect(loadMessageVerifier(fakeSecrets({}), prod)).rejects.toThrow(`${BUS_PUBLIC_KEYS} is required in production`);
  });

  it('refuses the development keys in production even when configured explicitly', async () => {
    const seed = Buffer.from(developmentBusKey('user-service').export({ format: 'jwk' }).d ?? '', 'base64url').toString('base64');
    const pinned = JSON.stringify({ 'user-service': rawEd25519PublicKey(developmentBusKey('user-service')).toString('base64') });
    await expect(loadMessageSigner(fakeSecrets({ BUS_SIGNING_KEY_USER_SERVICE: seed, BUS_PUBLIC_KEYS: pinned }), 'user-service', prod)).rejects.toThrow(
      'public development key',
    );
    await expect(loadMessageVerifier(fakeSecrets({ BUS_PUBLIC_KEYS: pinned }), prod)).rejects.toThrow('public development key');
  });

  it('refuses a half configuration and a key that is not pinned for its identity', async () => {
    const env = generateBusKeys();
    await expect(loadMessageSigner(fakeSecrets({ BUS_PUBLIC_KEYS: env.BUS_PUBLIC_KEYS }), 'user-service', dev)).rejects.toThrow('cannot sign');
    const swapped = { ...env, BUS_SIGNING_KEY_USER_SERVICE: env.BUS_SIGNING_KEY_AUTH_SERVICE };
    await expect(loadBusKeys(fakeSecrets(swapped), 'user-service', dev)).rejects.toThrow('does not match any key pinned for user-service');
  });

  it('parses one key or several per identity and names bad entries without echoing them', () => {
    const a = rawEd25519PublicKey(generateKeyPairSync('ed25519').publicKey).toString('base64');
    const b = rawEd25519PublicKey(generateKeyPairSync('ed25519').publicKey).toString('base64');
    expect(parsePinnedPublicKeys(JSON.stringify({ cli: a, 'auth-service': [a, b] })).get('auth-service')).toHaveLength(2);
    const secretLooking = 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw==';
    for (const [text, message] of [
      ['not json', 'is not JSON'],
      ['[]', 'must be a JSON object'],
      [JSON.stringify({ mallory: a }), 'unknown identity'],
      [JSON.stringify({ cli: [] }), 'no key for cli'],
      [JSON.stringify({ cli: secretLooking }), 'entry 1 of cli is not an Ed25519 public key'],
      [JSON.stringify({ cli: [a, 7] }), 'entry 2 of cli is not a string'],
    ]) {
      let caught: unknown;
      try {
        parsePinnedPublicKeys(text);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BusKeyError);
      expect((caught as Error).message).toContain(message);
      expect((caught as Error).message).not.toContain(secretLooking);
    }
  });

  it('refuses an unreadable private key without echoing it', async () => {
    const env = { ...generateBusKeys(), BUS_SIGNING_KEY_CLI: 'not-a-key-but-a-secret' };
    await expect(loadMessageSigner(fakeSecrets(env), 'cli', dev)).rejects.toThrow(/^BUS_SIGNING_KEY_CLI is not an Ed25519/);
    await expect(loadMessageSigner(fakeSecrets(env), 'cli', dev)).rejects.not.toThrow('not-a-key-but-a-secret');
  });
});
