import { createUser, fromSeed } from 'nkeys.js';
import { responderPublicKey, responderSeed } from './responder-key';

describe('the responder login key', () => {
  const seed = new TextDecoder().decode(createUser().getSeed());
  const publicKeyOf = (s: string) => fromSeed(new TextEncoder().encode(s)).getPublicKey();

  it('is a user nkey derived from the seed: the same every time (a trailing newline aside), and not the seed itself', () => {
    expect(responderSeed(seed)).toMatch(/^SU[A-Z2-7]+$/);
    expect(responderSeed(`${seed}\n`)).toBe(responderSeed(seed));
    expect(responderSeed(seed)).not.toBe(seed);
    expect(responderPublicKey(seed)).toBe(publicKeyOf(responderSeed(seed)));
    expect(responderPublicKey(seed)).not.toBe(publicKeyOf(seed));
  });

  it('differs between identities', () => {
    const other = new TextDecoder().decode(createUser().getSeed());
    expect(responderPublicKey(other)).not.toBe(responderPublicKey(seed));
  });
});
