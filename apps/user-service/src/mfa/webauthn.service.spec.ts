import type { DataSource } from 'typeorm';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import type { RequestMeta, WebauthnResponseJson } from '@tr4ction/contracts';
import { type EventRecorder, UnitOfWork } from '@tr4ction/messaging';
import type { UserStream } from '../users/user-stream';
import type { UsersRepository } from '../users/users.repository';
import type { MfaKeyProvider } from './mfa-key.provider';
import type { MfaFactorRow, MfaRepository } from './mfa.repository';
import type { MfaService } from './mfa.service';
import type { WebauthnRepository } from './webauthn.repository';
import { WebauthnService } from './webauthn.service';

const NOW = new Date('2030-01-01T12:00:00Z');
const META: RequestMeta = { actor: { type: 'user', id: 'u1' }, ip: '192.0.2.1' };
const CONFIG = { ISSUER_URL: 'https://id.example.com', WEBAUTHN_ORIGINS: [] } as unknown as ConfigOf<typeof userServiceSchema>;
const PASSKEY: MfaFactorRow = {
  id: 'pk1',
  user_id: 'u1',
  type: 'webauthn',
  label: 'laptop',
  secret_encrypted: null,
  created_at: NOW,
  confirmed_at: NOW,
  last_used_at: null,
  last_used_step: null,
  webauthn_credential_id: 'Y3JlZC0x',
  webauthn_public_key: 'pQECAyYgASFYIA',
  webauthn_sign_count: '3',
  webauthn_transports: ['internal'],
};
/** Well-formed JSON that no authenticator signed: the real library must refuse it. */
const FORGED: WebauthnResponseJson = {
  id: 'Y3JlZC0x',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  clientExtensionResults: {},
  response: {
    clientDataJSON: Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'c2VjcmV0LWNoYWxsZW5nZQ', origin: 'https://id.example.com' })).toString(
      'base64url',
    ),
    authenticatorData: 'AAAA',
    signature: 'MEUCIQ',
    attestationObject: 'o2Nm',
  },
};

/** Unit test: repositories, stream and outbox are in-memory fakes; the WebAuthn library is the real one. */
function setup(factors: MfaFactorRow[] = [PASSKEY]) {
  const challenges = new Map<string, string>();
  const passkeys = {
    saveRegistrationChallenge: jest.fn(async (userId: string, challenge: string) => void challenges.set(userId, challenge)),
    takeRegistrationChallenge: jest.fn(async (userId: string) => {
      const c = challenges.get(userId);
      challenges.delete(userId);
      return c;
    }),
    insertPasskey: jest.fn(async () => true),
    acceptAssertion: jest.fn(async () => true),
  };
  const repository = {
    confirmedFactors: jest.fn(async () => factors),
    transaction: jest.fn(async (fn: (m: unknown) => Promise<unknown>) => fn({})),
    lockUser: jest.fn(async () => true),
  };
  const users = { findById: jest.fn(async () => ({ id: '0190a000-0000-7000-8000-000000000001', email: 'a@example.com' })) };
  const sut = new WebauthnService(
    { issueRecoveryCodes: jest.fn(async () => ['code']) } as unknown as MfaService,
    repository as unknown as MfaRepository,
    passkeys as unknown as WebauthnRepository,
    users as unknown as UsersRepository,
    { key: async () => Buffer.alloc(32) } as unknown as MfaKeyProvider,
    { publish: jest.fn() } as unknown as UserStream,
    // A fake unit of work (unit test only): runs the work at once, in no transaction.
    new UnitOfWork({ transaction: async (fn: (m: unknown) => Promise<unknown>) => fn({}) } as unknown as DataSource, {} as EventRecorder, {
      wake: jest.fn(),
      publishCommitted: jest.fn(),
    }),
    'user-service',
    { now: () => NOW },
    CONFIG,
  );
  return { sut, passkeys, challenges };
}

describe(WebauthnService.name, () => {
  it('registration options: the configured relying party, user verification preferred, existing passkeys excluded; the challenge is kept for the user', async () => {
    const { sut, challenges } = setup();
    const options = await sut.registrationOptions({ user_id: 'u1' });
    expect(options).toMatchObject({
      rp: { id: 'id.example.com' },
      authenticatorSelection: { userVerification: 'preferred' },
      excludeCredentials: [{ id: 'Y3JlZC0x' }],
      attestation: 'none',
    });
    expect(challenges.get('0190a000-0000-7000-8000-000000000001')).toBe(options.challenge);
  });

  it('a registration without options in flight is a 400; a forged response spends the challenge and is a 400 that quotes nothing', async () => {
    const { sut, passkeys, challenges } = setup();
    await expect(sut.register({ user_id: 'u1', label: 'laptop', response: FORGED }, META)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/No passkey registration in progress/),
    });
    challenges.set('u1', 'c2VjcmV0LWNoYWxsZW5nZQ');
    const error = await sut.register({ user_id: 'u1', label: 'laptop', response: FORGED }, META).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toMatch(/c2VjcmV0|Y3JlZC0x/);
    expect(challenges.has('u1')).toBe(false);
    expect(passkeys.insertPasskey).not.toHaveBeenCalled();
  });

  it('refuses a label with control characters before spending anything', async () => {
    const { sut, passkeys } = setup();
    await expect(sut.register({ user_id: 'u1', label: 'a\u0007b', response: FORGED }, META)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(passkeys.takeRegistrationChallenge).not.toHaveBeenCalled();
  });

  it('authentication options list the user’s passkeys; an account without one is a conflict', async () => {
    expect(await setup().sut.authenticationOptions({ user_id: 'u1' })).toMatchObject({
      rpId: 'id.example.com',
      userVerification: 'preferred',
      allowCredentials: [{ id: 'Y3JlZC0x', transports: ['internal'] }],
    });
    await expect(setup([]).sut.authenticationOptions({ user_id: 'u1' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it.each([
    ['no passkey', [], FORGED, 'c2VjcmV0LWNoYWxsZW5nZQ', 'no_factor'],
    ['no challenge bound to the login', [PASSKEY], FORGED, null, 'invalid_assertion'],
    ['a credential of someone else', [PASSKEY], { ...FORGED, id: 'b3RoZXI', rawId: 'b3RoZXI' }, 'c2VjcmV0LWNoYWxsZW5nZQ', 'invalid_assertion'],
    ['a forged signature', [PASSKEY], FORGED, 'c2VjcmV0LWNoYWxsZW5nZQ', 'invalid_assertion'],
  ] as const)('an assertion with %s fails with a reason only, and moves no counter', async (_name, factors, response, challenge, reason) => {
    const { sut, passkeys } = setup([...factors]);
    await expect(sut.verifyAssertion({} as never, 'u1', response, challenge, NOW)).resolves.toEqual({ kind: 'failed', reason });
    expect(passkeys.acceptAssertion).not.toHaveBeenCalled();
  });
});
