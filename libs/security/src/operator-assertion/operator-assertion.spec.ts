import { generateKeyPairSync } from 'node:crypto';
import { MessageSigner } from '../message-signing/message-signer';
import { MessageVerifier } from '../message-signing/message-verifier';
import { OPERATOR_ASSERTION_PURPOSE, OperatorAssertionVerifier, signOperatorAssertion } from './operator-assertion';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const PATTERN = 'rpc.user.reset-password';
const DATA = { email: 'admin@tr4ction.com' };

function setup() {
  const cliKey = generateKeyPairSync('ed25519');
  const signer = new MessageSigner('cli', cliKey.privateKey);
  let now = T0;
  const verifier = new OperatorAssertionVerifier(new MessageVerifier(new Map([['cli', [cliKey.publicKey]]])), { maxTtlSeconds: 60, now: () => now });
  const sign = (overrides: Partial<Parameters<typeof signOperatorAssertion>[1]> = {}) =>
    signOperatorAssertion(signer, { operator: 'alice', pattern: PATTERN, data: DATA, ttlSeconds: 60, nowMs: now, ...overrides });
  return { sut: verifier, sign, clock: { advance: (ms: number) => (now += ms) } };
}

describe(OperatorAssertionVerifier.name, () => {
  it('accepts an assertion signed by the pinned CLI key for this pattern and payload, once', () => {
    const { sut, sign } = setup();
    const assertion = sign();
    expect(sut.verify(assertion, PATTERN, { email: 'admin@tr4ction.com' })).toMatchObject({ ok: true, claims: { sub: 'alice', aud: PATTERN } });
    expect(sut.verify(assertion, PATTERN, DATA)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses it for another pattern or another payload', () => {
    const { sut, sign } = setup();
    expect(sut.verify(sign(), 'rpc.user.set-roles', DATA)).toEqual({ ok: false, reason: 'invalid' });
    expect(sut.verify(sign(), PATTERN, { email: 'someone-else@tr4ction.com' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses one signed by another key, even a pinned key of another identity', () => {
    const { sut } = setup();
    const other = new MessageSigner('cli', generateKeyPairSync('ed25519').privateKey);
    expect(sut.verify(signOperatorAssertion(other, { operator: 'mallory', pattern: PATTERN, data: DATA, ttlSeconds: 60, nowMs: T0 }), PATTERN, DATA)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const gatewayKey = generateKeyPairSync('ed25519');
    const pinnedBoth = new OperatorAssertionVerifier(new MessageVerifier(new Map([['api-gateway', [gatewayKey.publicKey]]])), {
      maxTtlSeconds: 60,
      now: () => T0,
    });
    const gateway = new MessageSigner('api-gateway', gatewayKey.privateKey);
    // Made by hand: the gateway's key over the same bytes, for the same purpose, still is not the CLI.
    const claims = Buffer.from(JSON.stringify({ sub: 'mallory', aud: PATTERN, dig: 'x', iat: T0 / 1000, exp: T0 / 1000 + 60, jti: 'j' }));
    const sig = gateway.sign(OPERATOR_ASSERTION_PURPOSE, claims);
    expect(pinnedBoth.verify(`${claims.toString('base64url')}.${sig.keyId}.${sig.signature}`, PATTERN, DATA)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a tampered claim, a long-lived one, an expired one and garbage', () => {
    const { sut, sign, clock } = setup();
    const [claims, keyId, signature] = sign().split('.');
    const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), sub: 'root' })).toString('base64url');
    expect(sut.verify(`${edited}.${keyId}.${signature}`, PATTERN, DATA)).toEqual({ ok: false, reason: 'invalid' });
    expect(sut.verify(sign({ ttlSeconds: 3600 }), PATTERN, DATA)).toEqual({ ok: false, reason: 'invalid' });
    const old = sign();
    clock.advance(120_000);
    expect(sut.verify(old, PATTERN, DATA)).toEqual({ ok: false, reason: 'expired' });
    expect(sut.verify('not.an.assertion', PATTERN, DATA)).toEqual({ ok: false, reason: 'invalid' });
    expect(sut.verify('x'.repeat(5000), PATTERN, DATA)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('is signed only with the cli identity', () => {
    const gateway = new MessageSigner('api-gateway', generateKeyPairSync('ed25519').privateKey);
    expect(() => signOperatorAssertion(gateway, { operator: 'a', pattern: PATTERN, data: DATA, ttlSeconds: 60 })).toThrow(TypeError);
  });
});
