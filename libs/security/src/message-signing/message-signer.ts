import { sign, type KeyObject } from 'node:crypto';
import { assertEd25519, ed25519KeyId, ed25519PublicKey, rawEd25519PublicKey } from '@tr4ction/audit-chain';
import type { MessageSignature } from './message-signature.types';
import { signedBytes } from './signed-bytes.util';

/** Signs messages as one identity with its private Ed25519 key. The key never leaves this object. */
export class MessageSigner {
  readonly keyId: string;
  /** Raw public key in base64: what the other identities pin for this one. */
  readonly publicKey: string;
  readonly #key: KeyObject;

  constructor(
    readonly identity: string,
    privateKey: KeyObject,
    /** True when the key is the publicly known development key of this identity. */
    readonly development = false,
  ) {
    assertEd25519(privateKey, 'MessageSigner');
    if (privateKey.type !== 'private') throw new TypeError('MessageSigner: a private key is required');
    this.#key = privateKey;
    this.keyId = ed25519KeyId(privateKey);
    this.publicKey = rawEd25519PublicKey(ed25519PublicKey(privateKey)).toString('base64');
  }

  sign(purpose: string, message: Uint8Array): MessageSignature {
    return { identity: this.identity, keyId: this.keyId, signature: sign(null, signedBytes(purpose, message), this.#key).toString('base64url') };
  }

  /** Never prints the key: a signer may end up in a log line by accident. */
  toJSON(): Record<string, string> {
    return { identity: this.identity, keyId: this.keyId };
  }
}
