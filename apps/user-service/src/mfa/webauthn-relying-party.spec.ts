import { webauthnRelyingParty } from './webauthn-relying-party';

describe('webauthnRelyingParty', () => {
  it('follows ISSUER_URL when nothing is set', () => {
    expect(webauthnRelyingParty({ ISSUER_URL: 'https://id.example.com', WEBAUTHN_ORIGINS: [] })).toEqual({
      rpId: 'id.example.com',
      rpName: 'TR4CTION',
      origins: ['https://id.example.com'],
    });
  });

  it('turns a loopback address into localhost (browsers refuse an IP address as relying-party id)', () => {
    const rp = webauthnRelyingParty({ ISSUER_URL: 'http://127.0.0.1:8123', WEBAUTHN_ORIGINS: [] });
    expect(rp.rpId).toBe('localhost');
    expect(rp.origins).toEqual(['http://127.0.0.1:8123', 'http://localhost:8123']);
  });

  it('takes the configured id and origins (normalised to origins) over the defaults', () => {
    const rp = webauthnRelyingParty({
      ISSUER_URL: 'http://127.0.0.1:8000',
      WEBAUTHN_RP_ID: 'example.com',
      WEBAUTHN_ORIGINS: ['https://console.example.com/', 'https://id.example.com:8443'],
    });
    expect(rp).toEqual({ rpId: 'example.com', rpName: 'TR4CTION', origins: ['https://console.example.com', 'https://id.example.com:8443'] });
  });

  it.each([
    ['an IP address as id', { WEBAUTHN_RP_ID: '10.0.0.1', WEBAUTHN_ORIGINS: [] }, /WEBAUTHN_RP_ID must be a host name/],
    ['an origin that is not a URL', { WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: ['example.com'] }, /WEBAUTHN_ORIGINS must list origins/],
    ['an origin outside the id', { WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: ['https://example.org'] }, /WEBAUTHN_ORIGINS: every origin's host must be/],
    ['a look-alike suffix', { WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: ['https://badexample.com'] }, /WEBAUTHN_ORIGINS: every origin's host must be/],
  ])('refuses %s at boot, naming the variable', (_name, values, message) => {
    expect(() => webauthnRelyingParty({ ISSUER_URL: 'https://id.example.com', ...values })).toThrow(message);
  });
});
