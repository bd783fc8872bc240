import { SchemaPipe } from '../http/schema-validation';
import { assertChallengeFields, mfaChallengeBodySchema, registerWebauthnBodySchema, type MfaChallengeBody, type RegisterWebauthnBody } from './mfa.schemas';

const assertion = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: { credProps: { rk: true } },
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'MEUC', userHandle: 'dXNlcg' },
};

describe('mfa request schemas', () => {
  const challenge = new SchemaPipe<MfaChallengeBody>(mfaChallengeBodySchema);
  const check = (body: unknown) => assertChallengeFields(challenge.transform(body));

  it('accepts a passkey assertion and a code, each for its type', () => {
    expect(() => check({ mfa_token: 'mt_x', type: 'webauthn', response: assertion })).not.toThrow();
    expect(() => check({ mfa_token: 'mt_x', type: 'totp', code: '123456' })).not.toThrow();
  });

  it.each([
    ['webauthn without a response', { mfa_token: 'mt_x', type: 'webauthn', code: '123456' }],
    [
      'webauthn with an attestation instead of an assertion',
      { mfa_token: 'mt_x', type: 'webauthn', response: { ...assertion, response: { clientDataJSON: 'e30', attestationObject: 'o2Nm' } } },
    ],
    ['totp without a code', { mfa_token: 'mt_x', type: 'totp', response: assertion }],
    ['a response that is not an object', { mfa_token: 'mt_x', type: 'webauthn', response: 'x' }],
    ['an id that is not base64url', { mfa_token: 'mt_x', type: 'webauthn', response: { ...assertion, id: 'a b' } }],
    [
      'an over-long signature',
      { mfa_token: 'mt_x', type: 'webauthn', response: { ...assertion, response: { ...assertion.response, signature: 'A'.repeat(5000) } } },
    ],
  ])('refuses %s with VALIDATION_FAILED, echoing no value', (_name, body) => {
    let error: unknown;
    try {
      check(body);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(error)).not.toContain('MEUC');
  });

  it('a registration needs a label and an attestation', () => {
    const register = new SchemaPipe<RegisterWebauthnBody>(registerWebauthnBodySchema);
    const response = { ...assertion, response: { clientDataJSON: 'e30', attestationObject: 'o2Nm', transports: ['internal', 'hybrid'] } };
    expect(register.transform({ label: 'laptop', response })).toMatchObject({
      label: 'laptop',
      response: { response: { transports: ['internal', 'hybrid'] } },
    });
    expect(() => register.transform({ label: 'laptop', response: assertion })).toThrow(/attestationObject is required/);
    expect(() => register.transform({ response })).toThrow(/label is required/);
  });
});
