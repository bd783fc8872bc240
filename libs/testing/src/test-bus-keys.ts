/**
 * Fresh bus keys for a test: one per identity and the pinned verifier over them, so integration
 * specs sign and verify exactly as the services do (never with a shared fixed key). Specs wrap the
 * verifier in messaging's EventAuthenticator themselves (this lib must not depend on messaging).
 */
import { ed25519KeyFromSecret } from '@tr4ction/audit-chain';
import { busSigningKeyName, generateBusKeys, MessageSigner, MessageVerifier, parsePinnedPublicKeys } from '@tr4ction/security';

export interface TestBusKeys {
  /** `BUS_SIGNING_KEY_*` and `BUS_PUBLIC_KEYS`, for a process's environment. */
  env: Record<string, string>;
  signer(identity: string): MessageSigner;
  verifier: MessageVerifier;
}

export function busKeysFromEnv(env: Record<string, string>): TestBusKeys {
  return {
    env,
    signer: (identity) => new MessageSigner(identity, ed25519KeyFromSecret(env[busSigningKeyName(identity)] ?? '')),
    verifier: new MessageVerifier(parsePinnedPublicKeys(env.BUS_PUBLIC_KEYS ?? '{}')),
  };
}

export function testBusKeys(): TestBusKeys {
  return busKeysFromEnv(generateBusKeys());
}
