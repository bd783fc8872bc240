import { generateKeyPairSync } from 'node:crypto';
import { MessageSigner } from './message-signer';
import { MessageVerifier } from './message-verifier';

const PURPOSE = 'tr4ction.test.v1';

function setup() {
  const key = generateKeyPairSync('ed25519').privateKey;
  const previous = generateKeyPairSync('ed25519').privateKey;
  const other = generateKeyPairSync('ed25519').privateKey;
  const signer = new MessageSigner('user-service', key);
  const sut = new MessageVerifier(
    new Map([
      ['user-service', [key, previous]],
      ['auth-service', [other]],
    ]),
  );
  return { sut, signer, key, previous, other };
}

describe(MessageVerifier.name, () => {
  const bytes = Buffer.from('{"id":"e1"}');

  it('accepts a signature by a pinned key of the identity', () => {
    const { sut, signer } = setup();
    const sig = signer.sign(PURPOSE, bytes);
    expect(sig).toEqual({ identity: 'user-service', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) });
    expect(sut.verify('user-service', PURPOSE, bytes, sig)).toEqual({ ok: true });
  });

  it('accepts the previous key while a key rotates', () => {
    const { sut, previous } = setup();
    const sig = new MessageSigner('user-service', previous).sign(PURPOSE, bytes);
    expect(sut.verify('user-service', PURPOSE, bytes, sig)).toEqual({ ok: true });
  });

  it('refuses changed bytes, another purpose and another identity', () => {
    const { sut, signer } = setup();
    const sig = signer.sign(PURPOSE, bytes);
    expect(sut.verify('user-service', PURPOSE, Buffer.from('{"id":"e2"}'), sig)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(sut.verify('user-service', 'tr4ction.other.v1', bytes, sig)).toEqual({ ok: false, reason: 'bad_signature' });
    // auth-service's pinned key has another id: user-service's signature cannot pass as auth-service's.
    expect(sut.verify('auth-service', PURPOSE, bytes, sig)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('refuses a stolen-but-wrong key: an unpinned key, also when it claims a pinned key id', () => {
    const { sut, signer } = setup();
    const stolen = new MessageSigner('user-service', generateKeyPairSync('ed25519').privateKey).sign(PURPOSE, bytes);
    expect(sut.verify('user-service', PURPOSE, bytes, stolen)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(sut.verify('user-service', PURPOSE, bytes, { ...stolen, keyId: signer.keyId })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('names what is missing, malformed or unknown', () => {
    const { sut, signer } = setup();
    const sig = signer.sign(PURPOSE, bytes);
    expect(sut.verify('user-service', PURPOSE, bytes, undefined)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(sut.verify('', PURPOSE, bytes, sig)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(sut.verify('user-service', PURPOSE, bytes, { keyId: sig.keyId })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(sut.verify('user-service', PURPOSE, bytes, { keyId: 'XYZ', signature: sig.signature })).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(sut.verify('user-service', PURPOSE, bytes, { keyId: sig.keyId, signature: 'a'.repeat(20) })).toEqual({ ok: false, reason: 'malformed_signature' });
    // Same 64 bytes, another spelling of the last character's unused bits.
    const last = sig.signature.at(-1) ?? 'A';
    const respelled = sig.signature.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(sut.verify('user-service', PURPOSE, bytes, { keyId: sig.keyId, signature: respelled }).ok).toBe(false);
    expect(sut.verify('rotation-service', PURPOSE, bytes, sig)).toEqual({ ok: false, reason: 'unknown_identity' });
  });

  it('gives the same verdicts off the JavaScript thread (verifyAsync) as on it', async () => {
    const { sut, signer } = setup();
    const sig = signer.sign(PURPOSE, bytes);
    const stolen = new MessageSigner('user-service', generateKeyPairSync('ed25519').privateKey).sign(PURPOSE, bytes);
    const cases: Array<[string, Uint8Array, Parameters<MessageVerifier['verify']>[3]]> = [
      ['user-service', bytes, sig],
      ['user-service', Buffer.from('{"id":"e2"}'), sig],
      ['user-service', bytes, { ...stolen, keyId: signer.keyId }],
      ['auth-service', bytes, sig],
      ['user-service', bytes, { keyId: 'XYZ', signature: sig.signature }],
      ['user-service', bytes, undefined],
    ];
    const asyncVerdicts = await Promise.all(cases.map(([id, message, signature]) => sut.verifyAsync(id, PURPOSE, message, signature)));
    expect(asyncVerdicts).toEqual(cases.map(([id, message, signature]) => sut.verify(id, PURPOSE, message, signature)));
    expect(asyncVerdicts.map((v) => v.ok)).toEqual([true, false, false, false, false, false]);
  });

  it('refuses a purpose that could blur the domain separator', () => {
    const { signer } = setup();
    expect(() => signer.sign('Bad\u0000purpose', bytes)).toThrow(RangeError);
  });

  it('never serialises the private key', () => {
    const { signer } = setup();
    expect(JSON.stringify({ signer })).toBe(`{"signer":{"identity":"user-service","keyId":"${signer.keyId}"}}`);
  });
});
