/**
 * Login: user-service checks the credentials (it owns hashes, factors and lockout); this service
 * decides what the login answers. A user with a second factor gets an mfa_token instead of tokens
 * and finishes with `challenge`; everyone else gets a session at once, its scope limited when a
 * password change or a factor enrolment is due. The session feature issues the access token and
 * an opaque refresh token, recording TokenIssued in the same transaction as the refresh token row.
 */
import { Inject, Injectable } from '@nestjs/common';
import { MFA_CHALLENGE_TYPES, MFA_CODE_MAX_LENGTH, RPC, type MfaChallengeRequest, type MfaVerifyRequest, type RequestMeta } from '@tr4ction/contracts';
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
    const user = await this.users.send<LoginRequest, VerifiedUser>(RPC.user.verifyCredentials, meta, req);
    if (user.mfa_methods.length === 0) return this.sessions.start(user, meta);
    const mfaToken = generateOpaqueToken('mfa_token');
    await this.challenges.open(hashOpaqueToken(mfaToken), user.id, this.clock.now());
    return { mfa_required: true, mfa_token: mfaToken, methods: user.mfa_methods };
  }

  /** The second step: the user comes from the token, never from the request. */
  async challenge(req: MfaChallengeRequest, meta: RequestMeta): Promise<TokenPair> {
    if (typeof req.mfa_token !== 'string' || opaqueTokenKind(req.mfa_token) !== 'mfa_token') throw invalidMfaToken();
    if (!(MFA_CHALLENGE_TYPES as readonly string[]).includes(req.type) || typeof req.code !== 'string' || req.code.length > MFA_CODE_MAX_LENGTH) {
      throw new ServiceError('VALIDATION_FAILED', `type must be one of ${MFA_CHALLENGE_TYPES.join(', ')} with a code`);
    }
    const hash = hashOpaqueToken(req.mfa_token);
    const userId = await this.challenges.claim(hash, this.clock.now());
    if (!userId) throw invalidMfaToken();
    let user: VerifiedUser;
    try {
      user = await this.users.send<MfaVerifyRequest, VerifiedUser>(RPC.user.mfa.verify, meta, { user_id: userId, type: req.type, code: req.code });
    } catch (err) {
      await this.challenges.release(hash);
      throw err;
    }
    return this.sessions.start(user, meta);
  }
}

function invalidMfaToken(): ServiceError {
  return new ServiceError('INVALID_TOKEN', 'The mfa_token is invalid, expired or already used; sign in again');
}
