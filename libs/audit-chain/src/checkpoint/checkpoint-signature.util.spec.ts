import { generateKeyPairSync, verify } from 'node:crypto';
import type { Checkpoint } from './checkpoint.types';
import { checkpointMessage, signCheckpoint, verifyCheckpoint } from './checkpoint-signature.util';
import { ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, generateEd25519Secret } from './ed25519-key.util';

const HEAD = { seq: 30, hash: 'ab'.repeat(32) };
const SIGNED_AT = new Date('2025-01-01T12:00:00.000Z');

function setup() {
  const privateKey = ed25519KeyFromSecret(generateEd25519Secret());
  const publicKey = ed25519PublicKey(privateKey);
  const checkpoint = signCheckpoint(privateKey, HEAD, SIGNED_AT);
  return { privateKey, publicKey, checkpoint };
}

describe(signCheckpoint.name, () => {
  it('signs seq, hash, key id and time with Ed25519, in base64url', () => {
    const { publicKey, checkpoint } = setup();
    expect(checkpoint).toEqual({
      seq: 30,
      hash: HEAD.hash,
      key_id: ed25519KeyId(publicKey),
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
      signed_at: '2025-01-01T12:00:00.000Z',
    });
    // Verifiable with plain node:crypto over the documented message: no need for this library.
    expect(verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64url'))).toBe(true);
  });

  it('refuses a public key, a non-Ed25519 key and a malformed head', () => {
    const { privateKey, publicKey } = setup();
    expect(() => signCheckpoint(publicKey, HEAD)).toThrow(TypeError);
    expect(() => signCheckpoint(generateKeyPairSync('ed448').privateKey, HEAD)).toThrow(/Ed25519/);
    expect(() => signCheckpoint(privateKey, { seq: 0, hash: HEAD.hash })).toThrow(RangeError);
    expect(() => signCheckpoint(privateKey, { seq: 1, hash: 'xyz' })).toThrow(RangeError);
  });
});

describe(verifyCheckpoint.name, () => {
  it('accepts a genuine checkpoint, with the public key, the private key or a key list', () => {
    const { privateKey, publicKey, checkpoint } = setup();
    const other = ed25519PublicKey(ed25519KeyFromSecret(generateEd25519Secret()));
    expect(verifyCheckpoint(publicKey, checkpoint)).toBe(true);
    expect(verifyCheckpoint(privateKey, checkpoint)).toBe(true);
    expect(verifyCheckpoint([other, publicKey], checkpoint)).toBe(true);
  });

  it.each<[string, (c: Checkpoint) => Checkpoint]>([
    ['seq', (c) => ({ ...c, seq: c.seq + 1 })],
    ['hash', (c) => ({ ...c, hash: 'cd'.repeat(32) })],
    ['signed_at', (c) => ({ ...c, signed_at: '2025-01-01T12:00:01.000Z' })],
    ['key_id', (c) => ({ ...c, key_id: '0'.repeat(16) })],
    ['signature', (c) => ({ ...c, signature: `${c.signature[0] === 'A' ? 'B' : 'A'}${c.signature.slice(1)}` })],
    ['signature encoding', (c) => ({ ...c, signature: `${c.signature}=` })],
  ])('rejects a checkpoint with an altered %s', (_label, alter) => {
    const { publicKey, checkpoint } = setup();
    expect(verifyCheckpoint(publicKey, alter(checkpoint))).toBe(false);
  });

  it('rejects a checkpoint signed by a key it was not given', () => {
    const { checkpoint } = setup();
    const stranger = ed25519PublicKey(ed25519KeyFromSecret(generateEd25519Secret()));
    expect(verifyCheckpoint(stranger, checkpoint)).toBe(false);
    expect(verifyCheckpoint([], checkpoint)).toBe(false);
  });

  it('returns false, never throws, on malformed data read back from storage', () => {
    const { publicKey, checkpoint } = setup();
    const garbage = [
      { ...checkpoint, seq: '30' },
      { ...checkpoint, signature: 12 },
      { ...checkpoint, signed_at: '\ud800' },
      { seq: 30 },
      null,
    ] as unknown as Checkpoint[];
    for (const bad of garbage) expect(verifyCheckpoint(publicKey, bad)).toBe(false);
  });
});
