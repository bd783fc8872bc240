/**
 * Login: user-service checks the credentials (it owns hashes and lockout); this service issues
 * the access token and an opaque refresh token, recording TokenIssued in the same transaction
 * as the refresh token row.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RPC, uuidv7, type RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type EventRecorder, type OutboxRelay, type RpcClient } from '@tr4ction/messaging';
import { CLOCK, DATA_SOURCE, EVENT_RECORDER, OUTBOX_RELAY, type Clock } from '@tr4ction/platform';
import { generateOpaqueToken, hashOpaqueToken } from '@tr4ction/tokens';
import { UserTokensService } from '../user-tokens/user-tokens.service';
import { FULL_SCOPE, PASSWORD_CHANGE_SCOPE, type TokenIssuer } from './token-issuer';
import type { LoginRequest, TokenPair, VerifiedUser } from './login.types';

export const USER_RPC = Symbol.for('tr4ction.auth.user-rpc');
export const TOKEN_ISSUER = Symbol.for('tr4ction.auth.token-issuer');
const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const SERVICE = 'auth-service';

@Injectable()
export class LoginService {
  constructor(
    @Inject(USER_RPC) private readonly users: RpcClient,
    @Inject(TOKEN_ISSUER) private readonly issuer: TokenIssuer,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly userTokens: UserTokensService,
  ) {}

  async login(req: LoginRequest, meta: RequestMeta): Promise<TokenPair> {
    const user = await this.users.send<LoginRequest, VerifiedUser>(RPC.user.verifyCredentials, meta, req);
    await this.userTokens.waitPastCutoff(user.id);
    const scope = user.password_change_required ? PASSWORD_CHANGE_SCOPE : FULL_SCOPE;
    const access = this.issuer.issue(user.id, user.roles, scope);
    const refresh = generateOpaqueToken('refresh_token');
    const now = this.clock.now();
    const refreshExpires = new Date(now.getTime() + REFRESH_TTL_MS);
    const familyId = uuidv7();
    const actor = { type: 'user' as const, id: user.id };
    const subject = { type: 'user', id: user.id };
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO auth.refresh_tokens (token_hash, family_id, user_id, roles, scope, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [hashOpaqueToken(refresh), familyId, user.id, user.roles, scope, now, refreshExpires],
      );
      await this.recorder.publishOnly(m, [
        buildEvent(SERVICE, meta, { type: 'TokenIssued', actor, subject, data: { jti: access.jti, kind: 'access', kid: access.kid, scope, expires_at: access.expiresAt.toISOString() } }),
        buildEvent(SERVICE, meta, { type: 'TokenIssued', actor, subject, data: { jti: familyId, kind: 'refresh', expires_at: refreshExpires.toISOString() } }),
      ]);
    });
    this.relay.wake();
    return {
      access_token: access.token,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: Math.round((access.expiresAt.getTime() - now.getTime()) / 1000),
      password_change_required: user.password_change_required,
    };
  }
}
