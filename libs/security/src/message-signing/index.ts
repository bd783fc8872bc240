/**
 * Per-identity Ed25519 message signing for the bus (events, request proofs, operator assertions).
 *
 * Keys: each identity (`BUS_IDENTITIES` in `@tr4ction/contracts`: api-gateway, auth-service,
 * user-service, audit-service, rotation-service, cli) has one private key, the secret
 * `BUS_SIGNING_KEY_<IDENTITY>` (e.g. `BUS_SIGNING_KEY_USER_SERVICE`; an Ed25519 PKCS#8 PEM or a 32-byte
 * seed in base64 or hex), read through the secrets provider. Every process trusts only the public keys
 * pinned in `BUS_PUBLIC_KEYS` (JSON `{"<identity>": "<base64 raw key>" | ["<new>", "<old>"]}`, also read
 * through the provider: env variable, mounted file or managed secret), never keys learned from the bus.
 * Outside production with neither configured, publicly known development keys are used (`development`).
 *
 *   const { signer, verifier } = await loadBusKeys(secrets, 'user-service', { environment });
 *   const sig = signer.sign('tr4ction.request.v1', bytes);      // { identity, keyId, signature }
 *   const check = verifier.verify(sig.identity, 'tr4ction.request.v1', bytes, sig);
 *   if (!check.ok) refuse(check.reason);                        // a SignatureRejection: safe to log
 *
 * `purpose` separates domains: a signature made for one purpose never verifies for another. Events
 * use `EVENT_SIGNATURE_PURPOSE` over `eventSigningMessage(...)` (see event-signature.ts). Only the
 * verifier decides; callers also check that the identity may do what the message claims (for events:
 * `mayProduce(producer, type)` from `@tr4ction/contracts`).
 *
 * Tests and development tooling: `generateBusKeys()` returns fresh `BUS_SIGNING_KEY_*` and
 * `BUS_PUBLIC_KEYS` values for every identity.
 */
export type { MessageSignature, SignatureCheck, SignatureRejection } from './message-signature.types';
export { MessageSigner } from './message-signer';
export { MessageVerifier } from './message-verifier';
export {
  BUS_PUBLIC_KEYS,
  BusKeyError,
  busSigningKeyName,
  developmentBusKey,
  generateBusKeys,
  loadBusKeys,
  loadMessageSigner,
  loadMessageVerifier,
  parsePinnedPublicKeys,
  type BusKeyOptions,
  type SecretSource,
} from './bus-keys.loader';
export { EVENT_SIGNATURE_PURPOSE, eventSigningMessage, payloadDigest, type EventSigningInput } from './event-signature';
