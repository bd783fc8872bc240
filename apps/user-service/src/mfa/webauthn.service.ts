/**
 * Passkeys as second factors, verified by @simplewebauthn/server (no WebAuthn parsing here).
 * Registration: options with a challenge kept server-side for the user (single use, minutes),
 * then the browser's response registers a named credential; the first factor of an account comes
 * with recovery codes, as a first TOTP factor does. Sign-in: request options for the user's
 * passkeys (auth-service binds their challenge to the mfa_token), and `verifyAssertion` for the
 * challenge service. Library errors are never passed on: they quote challenges and ids.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { EntityManager } from 'typeorm';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import {
  uuidv7,
  type MfaUserRequest,
  type RegisterWebauthnRequest,
  type RequestMeta,
  type WebauthnOptionsJson,
  type WebauthnRegistered,
  type WebauthnResponseJson,
} from '@tr4ction/contracts';
import { buildEvent, ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { UserStream } from '../users/user-stream';
import { UsersErrors } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { MfaErrors } from './mfa.errors';
import { MfaKeyProvider } from './mfa-key.provider';
import { MfaRepository, type MfaFactorRow } from './mfa.repository';
import { MfaService } from './mfa.service';
import { webauthnRelyingParty, type WebauthnRelyingParty } from './webauthn-relying-party';
import { WebauthnRepository } from './webauthn.repository';

const LABEL = /^[^\u0000-\u001f\u007f]{1,64}$/;
/** How long a ceremony may take: the browser's timeout, and the life of its challenge here. */
export const WEBAUTHN_CEREMONY_MS = 120_000;

export type AssertionOutcome = { kind: 'ok'; factorId: string } | { kind: 'failed'; reason: 'invalid_assertion' | 'counter_regressed' | 'no_factor' };

@Injectable()
export class WebauthnService {
  private readonly rp: WebauthnRelyingParty;

  constructor(
    private readonly mfa: MfaService,
    private readonly factors: MfaRepository,
    private readonly passkeys: WebauthnRepository,
    private readonly users: UsersRepository,
    private readonly keys: MfaKeyProvider,
    private readonly stream: UserStream,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ConfigOf<typeof userServiceSchema>,
  ) {
    this.rp = webauthnRelyingParty(config);
  }

  async registrationOptions({ user_id }: MfaUserRequest): Promise<WebauthnOptionsJson> {
    const user = await this.users.findById(user_id);
    if (!user) throw UsersErrors.notFound();
    const existing = await this.passkeysOf(user.id);
    const options = await generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: user.email,
      userID: uuidBytes(user.id),
      timeout: WEBAUTHN_CEREMONY_MS,
      attestationType: 'none',
      // The same authenticator twice would be one factor under two names.
      excludeCredentials: existing.map((f) => ({ id: f.webauthn_credential_id as string, transports: transports(f) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.passkeys.saveRegistrationChallenge(user.id, options.challenge, new Date(this.clock.now().getTime() + WEBAUTHN_CEREMONY_MS));
    return options as unknown as WebauthnOptionsJson;
  }

  async register(req: RegisterWebauthnRequest, meta: RequestMeta): Promise<WebauthnRegistered> {
    const label = typeof req.label === 'string' ? req.label.trim() : '';
    if (!LABEL.test(label)) throw MfaErrors.badLabel();
    const now = this.clock.now();
    const challenge = await this.passkeys.takeRegistrationChallenge(req.user_id, now);
    if (!challenge) throw MfaErrors.noRegistration();
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: req.response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        requireUserVerification: false,
      });
    } catch {
      throw MfaErrors.badPasskeyResponse();
    }
    if (!verified.verified || !verified.registrationInfo) throw MfaErrors.badPasskeyResponse();
    const { credential } = verified.registrationInfo;
    const key = await this.keys.key();
    const id = uuidv7();
    const codes = await this.unitOfWork.run(async (m) => {
      if (!(await this.factors.lockUser(m, req.user_id))) throw UsersErrors.notFound();
      const first = (await this.factors.confirmedFactors(req.user_id, m)).length === 0;
      const inserted = await this.passkeys.insertPasskey(m, {
        id,
        user_id: req.user_id,
        label,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: credential.transports ?? [],
        created_at: now,
      });
      if (!inserted) throw new ServiceError('CONFLICT', 'This passkey is already registered');
      const issued = first ? await this.mfa.issueRecoveryCodes(m, req.user_id, key, now) : undefined;
      await this.stream.publish(m, [
        buildEvent(this.service, meta, {
          type: 'MfaEnrolled',
          actor: { type: 'user', id: req.user_id },
          subject: { type: 'user', id: req.user_id },
          data: { factor_id: id, type: 'webauthn', label, recovery_codes_issued: issued?.length ?? 0 },
          occurredAt: now,
        }),
      ]);
      return issued;
    });
    return codes ? { id, recovery_codes: codes } : { id };
  }

  /** The request options of a login's second step; the caller (auth-service) keeps the challenge. */
  async authenticationOptions({ user_id }: MfaUserRequest): Promise<WebauthnOptionsJson> {
    const existing = await this.passkeysOf(user_id);
    if (!existing.length) throw new ServiceError('CONFLICT', 'This account has no passkey; use another second factor');
    const options = await generateAuthenticationOptions({
      rpID: this.rp.rpId,
      timeout: WEBAUTHN_CEREMONY_MS,
      userVerification: 'preferred',
      allowCredentials: existing.map((f) => ({ id: f.webauthn_credential_id as string, transports: transports(f) })),
    });
    return options as unknown as WebauthnOptionsJson;
  }

  /**
   * Checks an assertion against the challenge issued for this login and the user's own passkey,
   * and records it (sign counter, last use) in the caller's transaction.
   */
  async verifyAssertion(
    m: EntityManager,
    userId: string,
    response: WebauthnResponseJson | undefined,
    expectedChallenge: string | null | undefined,
    now: Date,
  ): Promise<AssertionOutcome> {
    const existing = await this.passkeysOf(userId, m);
    if (!existing.length) return { kind: 'failed', reason: 'no_factor' };
    if (!response || typeof response.id !== 'string' || !expectedChallenge) return { kind: 'failed', reason: 'invalid_assertion' };
    const factor = existing.find((f) => f.webauthn_credential_id === response.id);
    if (!factor) return { kind: 'failed', reason: 'invalid_assertion' };
    const previous = Number(factor.webauthn_sign_count);
    let result;
    try {
      result = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        credential: {
          id: factor.webauthn_credential_id as string,
          publicKey: new Uint8Array(Buffer.from(factor.webauthn_public_key as string, 'base64url')),
          counter: previous,
          transports: transports(factor),
        },
        requireUserVerification: false,
      });
    } catch (err) {
      // The library refuses a counter that did not grow (a cloned authenticator?); only the reason is kept.
      return { kind: 'failed', reason: err instanceof Error && /counter/i.test(err.message) ? 'counter_regressed' : 'invalid_assertion' };
    }
    if (!result.verified) return { kind: 'failed', reason: 'invalid_assertion' };
    if (!(await this.passkeys.acceptAssertion(m, factor.id, previous, result.authenticationInfo.newCounter, now)))
      return { kind: 'failed', reason: 'counter_regressed' };
    return { kind: 'ok', factorId: factor.id };
  }

  private async passkeysOf(userId: string, m?: EntityManager): Promise<MfaFactorRow[]> {
    return (await this.factors.confirmedFactors(userId, m)).filter((f) => f.type === 'webauthn' && f.webauthn_credential_id && f.webauthn_public_key);
  }
}

/** The WebAuthn user handle: the account's uuid as 16 bytes (no email in it). */
function uuidBytes(id: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(id.replace(/-/g, ''), 'hex'));
}

function transports(f: MfaFactorRow): AuthenticatorTransportFuture[] {
  return (f.webauthn_transports ?? []) as AuthenticatorTransportFuture[];
}
