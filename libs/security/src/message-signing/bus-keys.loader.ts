/**
 * Where bus keys come from. Each identity's private key is its own secret, read through the secrets
 * provider (`BUS_SIGNING_KEY_<IDENTITY>`, e.g. `BUS_SIGNING_KEY_USER_SERVICE`: one name per identity, so
 * a shared secrets folder or an AWS policy can hand each process only its own). The public keys of
 * every identity come from one pinned document, `BUS_PUBLIC_KEYS`, also read through the provider
 * (an environment variable, a mounted file, a managed secret), never from the bus:
 *
 *   {"user-service": "<raw Ed25519 public key, base64>", "auth-service": ["<new>", "<previous>"], ...}
 *
 * Outside production, with neither configured, every identity uses a development key derived from its
 * name: publicly known, so it proves nothing, and `development` says so. Production refuses that, and
 * refuses a half configuration anywhere (a key without the pinned document, or the reverse).
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { BUS_IDENTITIES, isBusIdentity } from '@tr4ction/contracts';
import { ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, rawEd25519PublicKey } from '@tr4ction/audit-chain';
import { MessageSigner } from './message-signer';
import { MessageVerifier } from './message-verifier';

export const BUS_PUBLIC_KEYS = 'BUS_PUBLIC_KEYS';

/** What the loaders need of a secrets provider (`@tr4ction/secrets` providers fit as they are). */
export interface SecretSource {
  getOptional(key: string): Promise<string | undefined>;
}

export interface BusKeyOptions {
  environment: string;
}

export class BusKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusKeyError';
  }
}

/** `user-service` -> `BUS_SIGNING_KEY_USER_SERVICE`. */
export function busSigningKeyName(identity: string): string {
  return `BUS_SIGNING_KEY_${identity.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The publicly known development key of an identity: for a laptop, never for anything real. */
export function developmentBusKey(identity: string): KeyObject {
  return ed25519KeyFromSecret(createHash('sha256').update(`tr4ction/bus-signing/development-only/v1/${identity}`).digest('base64'));
}

export async function loadMessageSigner(secrets: SecretSource, identity: string, options: BusKeyOptions): Promise<MessageSigner> {
  const name = busSigningKeyName(identity);
  const production = options.environment === 'production';
  const [secret, pinned] = await Promise.all([secrets.getOptional(name), secrets.getOptional(BUS_PUBLIC_KEYS)]);
  if (secret === undefined) {
    if (production) throw new BusKeyError(`${name} is required in production`);
    if (pinned !== undefined) throw new BusKeyError(`${BUS_PUBLIC_KEYS} is configured but ${name} is not: this process cannot sign`);
    return new MessageSigner(identity, developmentBusKey(identity), true);
  }
  let key: KeyObject;
  try {
    key = ed25519KeyFromSecret(secret);
  } catch {
    throw new BusKeyError(`${name} is not an Ed25519 PEM private key or a 32-byte seed in base64 or hex`);
  }
  if (production && ed25519KeyId(key) === ed25519KeyId(developmentBusKey(identity))) throw new BusKeyError(`${name} is the public development key`);
  return new MessageSigner(identity, key);
}

export async function loadMessageVerifier(secrets: SecretSource, options: BusKeyOptions): Promise<{ verifier: MessageVerifier; development: boolean }> {
  const text = await secrets.getOptional(BUS_PUBLIC_KEYS);
  if (text === undefined) {
    if (options.environment === 'production') throw new BusKeyError(`${BUS_PUBLIC_KEYS} is required in production`);
    return {
      verifier: new MessageVerifier(new Map(BUS_IDENTITIES.map((identity) => [identity, [ed25519PublicKey(developmentBusKey(identity))]]))),
      development: true,
    };
  }
  const pinned = parsePinnedPublicKeys(text);
  if (options.environment === 'production') {
    for (const [identity, keys] of pinned) {
      const dev = ed25519KeyId(developmentBusKey(identity));
      if (keys.some((key) => ed25519KeyId(key) === dev)) throw new BusKeyError(`${BUS_PUBLIC_KEYS} pins the public development key of ${identity}`);
    }
  }
  return { verifier: new MessageVerifier(pinned), development: false };
}

/** A process's signer and verifier, checked against each other: its own key must be pinned for it. */
export async function loadBusKeys(
  secrets: SecretSource,
  identity: string,
  options: BusKeyOptions,
): Promise<{ signer: MessageSigner; verifier: MessageVerifier; development: boolean }> {
  const signer = await loadMessageSigner(secrets, identity, options);
  const { verifier, development } = await loadMessageVerifier(secrets, options);
  if (!verifier.keyIds(identity).includes(signer.keyId)) {
    throw new BusKeyError(`${busSigningKeyName(identity)} does not match any key pinned for ${identity} in ${BUS_PUBLIC_KEYS}`);
  }
  return { signer, verifier, development: development || signer.development };
}

/** Parses the pinned document; errors name the identity or entry, never a value. */
export function parsePinnedPublicKeys(text: string): Map<string, KeyObject[]> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new BusKeyError(`${BUS_PUBLIC_KEYS} is not JSON (expected {"<identity>": "<base64 public key>" | [...]})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new BusKeyError(`${BUS_PUBLIC_KEYS} must be a JSON object of identity -> public key(s)`);
  const pinned = new Map<string, KeyObject[]>();
  for (const [identity, value] of Object.entries(document as Record<string, unknown>)) {
    if (!isBusIdentity(identity))
      throw new BusKeyError(`${BUS_PUBLIC_KEYS} names an unknown identity "${identity.slice(0, 40)}" (expected one of ${BUS_IDENTITIES.join(', ')})`);
    const entries = Array.isArray(value) ? value : [value];
    if (entries.length === 0) throw new BusKeyError(`${BUS_PUBLIC_KEYS} has no key for ${identity}`);
    pinned.set(
      identity,
      entries.map((entry, i) => {
        if (typeof entry !== 'string') throw new BusKeyError(`${BUS_PUBLIC_KEYS} entry ${i + 1} of ${identity} is not a string`);
        try {
          return ed25519PublicKey(entry);
        } catch {
          throw new BusKeyError(`${BUS_PUBLIC_KEYS} entry ${i + 1} of ${identity} is not an Ed25519 public key`);
        }
      }),
    );
  }
  return pinned;
}

/**
 * Fresh keys for every identity, as the variables a process reads: one `BUS_SIGNING_KEY_<IDENTITY>` each
 * (base64 seed) and the pinned `BUS_PUBLIC_KEYS`. For test stacks and development tooling.
 */
export function generateBusKeys(identities: readonly string[] = BUS_IDENTITIES): Record<string, string> {
  const env: Record<string, string> = {};
  const pinned: Record<string, string> = {};
  for (const identity of identities) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    if (typeof jwk.d !== 'string') throw new Error('generateBusKeys: node did not export the seed');
    env[busSigningKeyName(identity)] = Buffer.from(jwk.d, 'base64url').toString('base64');
    pinned[identity] = rawEd25519PublicKey(privateKey).toString('base64');
  }
  env[BUS_PUBLIC_KEYS] = JSON.stringify(pinned);
  return env;
}
