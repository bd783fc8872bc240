import { verify, type KeyObject } from 'node:crypto';
import { ed25519KeyId, ed25519PublicKey } from '@tr4ction/audit-chain';
import type { MessageSignature, SignatureCheck } from './message-signature.types';
import { signedBytes } from './signed-bytes.util';

const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;
// 64 bytes in unpadded base64url are exactly 86 characters; stricter than Buffer's lenient decoder.
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/**
 * Verifies signatures against the pinned public keys of every identity (several per identity while a
 * key rotates). Never throws on a bad signature: what it checks came off the wire.
 */
export class MessageVerifier {
  private readonly keys = new Map<string, Map<string, KeyObject>>();

  constructor(pinned: ReadonlyMap<string, readonly KeyObject[]>) {
    for (const [identity, keys] of pinned) {
      const byId = new Map<string, KeyObject>();
      for (const key of keys) {
        const publicKey = ed25519PublicKey(key);
        byId.set(ed25519KeyId(publicKey), publicKey);
      }
      this.keys.set(identity, byId);
    }
  }

  identities(): string[] {
    return [...this.keys.keys()];
  }

  /** Key ids pinned for `identity` (for doctor output and boot checks). */
  keyIds(identity: string): string[] {
    return [...(this.keys.get(identity)?.keys() ?? [])];
  }

  verify(
    identity: string,
    purpose: string,
    message: Uint8Array,
    signature: Partial<Pick<MessageSignature, 'keyId' | 'signature'>> | undefined,
  ): SignatureCheck {
    const job = this.prepare(identity, purpose, message, signature);
    if ('ok' in job) return job;
    return verify(null, job.data, job.key, job.signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
  }

  /**
   * The same check with the Ed25519 arithmetic on libuv's thread pool: a consumer that verifies every
   * event of a backlog (the audit projector) keeps its JavaScript thread for the rest of the work.
   */
  verifyAsync(
    identity: string,
    purpose: string,
    message: Uint8Array,
    signature: Partial<Pick<MessageSignature, 'keyId' | 'signature'>> | undefined,
  ): Promise<SignatureCheck> {
    const job = this.prepare(identity, purpose, message, signature);
    if ('ok' in job) return Promise.resolve(job);
    return new Promise((resolve) =>
      verify(null, job.data, job.key, job.signature, (err, valid) => resolve(!err && valid ? { ok: true } : { ok: false, reason: 'bad_signature' })),
    );
  }

  /** Everything but the arithmetic: the refusal, or what to verify with which key. */
  private prepare(
    identity: string,
    purpose: string,
    message: Uint8Array,
    signature: Partial<Pick<MessageSignature, 'keyId' | 'signature'>> | undefined,
  ): SignatureCheck | { data: Buffer; key: KeyObject; signature: Buffer } {
    if (!identity || !signature?.keyId || !signature.signature) return { ok: false, reason: 'missing_signature' };
    if (!KEY_ID_PATTERN.test(signature.keyId) || !SIGNATURE_PATTERN.test(signature.signature)) return { ok: false, reason: 'malformed_signature' };
    const bytes = Buffer.from(signature.signature, 'base64url');
    // One spelling per signature: unused trailing bits that differ from the canonical form are refused.
    if (bytes.toString('base64url') !== signature.signature) return { ok: false, reason: 'malformed_signature' };
    const keys = this.keys.get(identity);
    if (!keys || keys.size === 0) return { ok: false, reason: 'unknown_identity' };
    const key = keys.get(signature.keyId);
    if (!key) return { ok: false, reason: 'unknown_key' };
    return { data: signedBytes(purpose, message), key, signature: bytes };
  }
}
