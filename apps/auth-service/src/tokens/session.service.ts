/**
 * Sessions: an access token plus an opaque refresh token, stored hashed. A refresh spends the
 * presented token and returns a new pair in the same family, whose absolute end never moves.
 * Presenting a spent token is reuse: the whole family is revoked, including the access tokens it
 * produced, because a replay and a theft look the same. Two concurrent refreshes with one token
 * are serialised by the row lock: exactly one succeeds, the other is reuse.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConfigOf, authServiceSchema } from '@tr4ction/config';
import { RPC, uuidv7, type EventEnvelope, type RequestMeta } from '@tr4ction/contracts';
import { platformMetrics } from '@tr4ction/telemetry';
import { countTokenEvents } from './token-metrics';
import { buildEvent, RpcCallError, ServiceError, type EventRecorder, type OutboxRelay, type RpcClient } from '@tr4ction/messaging';
import { CLOCK, EVENT_RECORDER, OUTBOX_RELAY, SERVICE_CONFIG, type Clock } from '@tr4ction/platform';
import { generateOpaqueToken, hashOpaqueToken, opaqueTokenKind, type SignedAccessToken } from '@tr4ction/tokens';
import { RefreshTokensRepository, type RefreshTokenRow } from './refresh-tokens.repository';
import { RevocationService } from './revocation.service';
import { userScope, type TokenIssuer } from './token-issuer';
import type { TokenLifetimes } from './token-lifetimes';
import { TOKEN_ISSUER_INSTANCE, TOKEN_LIFETIMES, SERVICE_RPC } from './tokens.constants';

const SERVICE = 'auth-service';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  password_change_required: boolean;
}

type RefreshOutcome = { kind: 'ok'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'reused' };

@Injectable()
export class SessionService {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly revocation: RevocationService,
    @Inject(TOKEN_ISSUER_INSTANCE) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_RPC) private readonly users: RpcClient,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof authServiceSchema>,
    /** The runtime setting; without it (tests), REFRESH_TOKEN_TTL_DAYS. */
    @Optional() @Inject(TOKEN_LIFETIMES) private readonly lifetimes?: TokenLifetimes,
  ) {}

  /** A new family, after a successful login. */
  async start(user: SessionUser, meta: RequestMeta): Promise<TokenPair> {
    const now = this.clock.now();
    const familyMs = this.lifetimes ? this.lifetimes.refreshSeconds() * 1000 : this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS;
    const familyExpires = new Date(now.getTime() + familyMs);
    const pair = await this.refreshTokens.transaction((m) => this.issuePair(m, user, uuidv7(), familyExpires, now, meta));
    this.relay.wake();
    // A login succeeds when it has its tokens (its failures are counted by user-service, which knows why).
    platformMetrics.logins().inc({ outcome: 'success' });
    return pair;
  }

  async refresh(refreshToken: unknown, meta: RequestMeta): Promise<TokenPair> {
    if (typeof refreshToken !== 'string' || opaqueTokenKind(refreshToken) !== 'refresh_token') throw invalidRefreshToken();
    const hash = hashOpaqueToken(refreshToken);
    const peek = await this.refreshTokens.find(hash);
    if (!peek) throw invalidRefreshToken();
    // Roles, status and forced password change are read fresh: a refresh must not carry stale rights.
    const user = await this.currentUser(peek.user_id, meta);

    const outcome = await this.refreshTokens.transaction(async (m): Promise<RefreshOutcome> => {
      const row = await this.refreshTokens.lock(m, hash);
      if (!row || row.revoked_at !== null) return { kind: 'invalid' };
      const now = this.clock.now();
      const actorMeta: RequestMeta = { ...meta, actor: { type: 'user', id: row.user_id } };
      if (row.spent_at !== null) {
        const events: EventEnvelope[] = [
          buildEvent(SERVICE, actorMeta, {
            type: 'RefreshTokenReuseDetected',
            outcome: 'failure',
            subject: { type: 'user', id: row.user_id },
            data: { family_id: row.family_id },
            occurredAt: now,
          }),
          ...(await this.revocation.revokeFamily(m, row.family_id, 'refresh_token_reuse', actorMeta, now)),
        ];
        await this.recorder.publishOnly(m, countTokenEvents(events));
        return { kind: 'reused' };
      }
      if (row.expires_at.getTime() <= now.getTime() || (await this.isCutOff(m, row))) return { kind: 'invalid' };
      if (!user) {
        await this.recorder.publishOnly(m, countTokenEvents(await this.revocation.revokeFamily(m, row.family_id, 'user_gone', actorMeta, now)));
        return { kind: 'invalid' };
      }
      await this.refreshTokens.markSpent(m, hash, now);
      return { kind: 'ok', pair: await this.issuePair(m, user, row.family_id, row.expires_at, now, actorMeta) };
    });
    this.relay.wake();
    if (outcome.kind === 'reused') throw new ServiceError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; its session has been ended');
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    return outcome.pair;
  }

  private async issuePair(m: EntityManager, user: SessionUser, familyId: string, familyExpires: Date, now: Date, meta: RequestMeta): Promise<TokenPair> {
    const scope = userScope(user.roles, user.password_change_required);
    const access: SignedAccessToken = this.issuer.issue(user.id, user.roles, scope, { issuedAtFloor: await this.revocation.cutoffFor(user.id, m) });
    const refresh = generateOpaqueToken('refresh_token');
    await this.refreshTokens.insert(m, {
      token_hash: hashOpaqueToken(refresh),
      family_id: familyId,
      user_id: user.id,
      roles: user.roles,
      scope,
      issued_at: now,
      expires_at: familyExpires,
      access_jti: access.jti,
      access_expires_at: access.expiresAt,
    });
    const actor = { type: 'user' as const, id: user.id };
    const subject = { type: 'user', id: user.id };
    await this.recorder.publishOnly(m, countTokenEvents([
      buildEvent(SERVICE, meta, { type: 'TokenIssued', actor, subject, data: { jti: access.jti, kind: 'access', kid: access.kid, scope, expires_at: access.expiresAt.toISOString() } }),
      buildEvent(SERVICE, meta, { type: 'TokenIssued', actor, subject, data: { jti: familyId, kind: 'refresh', expires_at: familyExpires.toISOString() } }),
    ]));
    return {
      access_token: access.token,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: expiresIn(access),
      password_change_required: user.password_change_required,
    };
  }

  /** Issued before the subject's (or everyone's) cutoff: revoked, whatever its own flags say. */
  private async isCutOff(m: EntityManager, row: RefreshTokenRow): Promise<boolean> {
    const cutoff = await this.revocation.cutoffFor(row.user_id, m);
    return cutoff !== undefined && row.issued_at.getTime() < cutoff.getTime();
  }

  private async currentUser(userId: string, meta: RequestMeta): Promise<SessionUser | undefined> {
    try {
      const user = await this.users.send<{ user_id: string }, SessionUser>(RPC.user.me, meta, { user_id: userId });
      return { id: user.id, roles: user.roles, password_change_required: user.password_change_required };
    } catch (err) {
      if (err instanceof RpcCallError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }
}

/** Seconds from signing to expiry: the configured lifetime, independent of where in a second the token was signed. */
export function expiresIn(access: SignedAccessToken): number {
  return Math.max(1, Math.round((access.expiresAt.getTime() - access.notBefore.getTime()) / 1000));
}

function invalidRefreshToken(): ServiceError {
  return new ServiceError('INVALID_TOKEN', 'The refresh token is invalid, expired or revoked');
}
