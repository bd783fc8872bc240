/**
 * Login: user-service checks the credentials (it owns hashes, factors and lockout); this service
 * decides what the login answers. A user with a second factor gets an mfa_token instead of tokens
 * and finishes with `challenge`; everyone else gets a session at once, its scope limited when a
 * password change or a factor enrolment is due. The session feature issues the access token and
 * an opaque refresh token, recording TokenIssued in the same transaction as the refresh token row.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  MFA_CHALLENGE_TYPES,
  MFA_CODE_MAX_LENGTH,
  RPC,
  type MfaChallengeRequest,
  type MfaVerifyRequest,
  type RequestMeta,
  type WebauthnLoginOptionsRequest,
  type WebauthnOptionsJson,
} from '@tr4ction/contracts';
import { ServiceError, type RpcClient } from '@tr4ction/messaging';
import { CLOCK, type Clock } from '@tr4ction/platform';
import { generateOpaqueToken, hashOpaqueToken, opaqueTokenKind } from '@tr4ction/tokens';
import { SessionService, type TokenPair } from '../tokens/session.service';
import { SERVICE_RPC } from '../tokens/tokens.constants';
import type { LoginRequest, LoginResponse, VerifiedUser } from './login.types';
import { MfaChallengesRepository } from './mfa-challenges.repository';

@Injectable()
export class LoginService {
  constructor(
    @Inject(SERVICE_RPC) private readonly users: RpcClient,
    private readonly sessions: SessionService,
    private readonly challenges: MfaChallengesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(req: LoginRequest, meta: RequestMeta): Promise<LoginResponse> {
    const user = await this.users.send(RPC.user.verifyCredentials, meta, req);
    if (user.mfa_methods.length === 0) return this.sessions.start(user, meta);
    const mfaToken = generateOpaqueToken('mfa_token');
    await this.challenges.open(hashOpaqueToken(mfaToken), user.id, this.clock.now());
    return { mfa_required: true, mfa_token: mfaToken, methods: user.mfa_methods };
  }

  /** The second step: the user comes from the token, never from the request. */
  async challenge(req: MfaChallengeRequest, meta: RequestMeta): Promise<TokenPair> {
    if (typeof req.mfa_token !== 'string' || opaqueTokenKind(req.mfa_token) !== 'mfa_token') throw invalidMfaToken();
    if (!wellFormed(req))
      throw new ServiceError('VALIDATION_FAILED', `type must be one of ${MFA_CHALLENGE_TYPES.join(', ')}, with a code (or a response for webauthn)`);
    const hash = hashOpaqueToken(req.mfa_token);
    const claimed = await this.challenges.claim(hash, this.clock.now());
    if (!claimed) throw invalidMfaToken();
    const verify: MfaVerifyRequest =
      req.type === 'webauthn'
        ? { user_id: claimed.userId, type: req.type, response: req.response, expected_challenge: claimed.webauthnChallenge }
        : { user_id: claimed.userId, type: req.type, code: req.code };
    let user: VerifiedUser;
    try {
      user = await this.users.send(RPC.user.mfa.verify, meta, verify);
    } catch (err) {
      await this.challenges.release(hash);
      throw err;
    }
    return this.sessions.start(user, meta);
  }

  /**
   * Passkey request options for the login waiting on this mfa_token. The token is not spent; the
   * challenge is bound to it and used up by the next challenge attempt, so each try needs new options.
   */
  async webauthnOptions(req: WebauthnLoginOptionsRequest, meta: RequestMeta): Promise<WebauthnOptionsJson> {
    if (typeof req.mfa_token !== 'string' || opaqueTokenKind(req.mfa_token) !== 'mfa_token') throw invalidMfaToken();
    const hash = hashOpaqueToken(req.mfa_token);
    const userId = await this.challenges.peek(hash, this.clock.now());
    if (!userId) throw invalidMfaToken();
    const options = await this.users.send(RPC.user.mfa.webauthnAuthenticationOptions, meta, { user_id: userId });
    if (!(await this.challenges.attachWebauthnChallenge(hash, options.challenge, this.clock.now()))) throw invalidMfaToken();
    return options;
  }
}

/** A code for totp and recovery_code, an assertion object for webauthn. */
function wellFormed(req: MfaChallengeRequest): boolean {
  if (!(MFA_CHALLENGE_TYPES as readonly string[]).includes(req.type)) return false;
  if (req.type === 'webauthn') return typeof req.response === 'object' && req.response !== null && !Array.isArray(req.response);
  return typeof req.code === 'string' && req.code.length <= MFA_CODE_MAX_LENGTH;
}

function invalidMfaToken(): ServiceError {
  return new ServiceError('INVALID_TOKEN', 'The mfa_token is invalid, expired or already used; sign in again');
}
