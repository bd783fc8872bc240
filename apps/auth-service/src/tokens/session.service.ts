/**
 * Sessions: an access token plus an opaque refresh token, stored hashed. A refresh spends the
 * presented token and returns a new pair in the same family, whose absolute end never moves.
 * Presenting a spent token is reuse: the whole family is revoked, including the access tokens it
 * produced, because a replay and a theft look the same. Two concurrent refreshes with one token
 * are serialised by the row lock: exactly one succeeds, the other is reuse.
 *
 * The family is the session (auth.sessions, id = family id = the `sid` claim): a refresh after the
 * idle timeout or past the absolute lifetime (both runtime settings, read at each refresh) ends it.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConfigOf, authServiceSchema } from '@tr4ction/config';
import { RPC, uuidv7, type EventEnvelope, type RequestMeta, type SessionEndReason, type TokenPair } from '@tr4ction/contracts';
import { platformMetrics } from '@tr4ction/telemetry';
import { countTokenEvents } from './token-metrics';
import { buildEvent, RpcCallError, ServiceError, type RecordEvents, type RpcClient, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { generateOpaqueToken, hashOpaqueToken, opaqueTokenKind, type SignedAccessToken } from '@tr4ction/tokens';
import { RefreshTokensRepository, type NewRefreshToken, type RefreshTokenRow } from './refresh-tokens.repository';
import { RevocationService } from './revocation.service';
import { SessionsRepository, type NewSession, type SessionRow } from './sessions.repository';
import { MFA_ENROLL_SCOPE, sessionScope, type TokenIssuer } from './token-issuer';
import type { TokenLifetimes } from './token-lifetimes';
import { TOKEN_ISSUER_INSTANCE, TOKEN_LIFETIMES, SERVICE_RPC } from './tokens.constants';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  roles: string[];
  password_change_required: boolean;
  /** The user's roles require a second factor they lack: the session may only enrol one. */
  mfa_enrollment_required?: boolean;
}

export type { TokenPair };

type RefreshOutcome = { kind: 'ok'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'reused' };

interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly revocation: RevocationService,
    @Inject(TOKEN_ISSUER_INSTANCE) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_RPC) private readonly users: RpcClient,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
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
    const session = { id: uuidv7(), user_id: user.id, created_at: now, expires_at: familyExpires, ip: meta.ip ?? null, user_agent: meta.user_agent ?? null };
    const pair = await this.unitOfWork.run((m, record) => this.issuePair(m, record, user, { ...session, last_used_at: now }, now, meta, session));
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

    const outcome = await this.unitOfWork.run(async (m, record): Promise<RefreshOutcome> => {
      // The session row before the token row: the order in which ending a session locks them too.
      const session = await this.sessions.lock(m, peek.family_id);
      const row = await this.refreshTokens.lock(m, hash);
      if (!row || row.revoked_at !== null) return { kind: 'invalid' };
      const now = this.clock.now();
      const actorMeta: RequestMeta = { ...meta, actor: { type: 'user', id: row.user_id } };
      const end = async (reason: SessionEndReason, first: EventEnvelope[] = []): Promise<void> => {
        await record(countTokenEvents([...first, ...(await this.revocation.endSession(m, row.user_id, row.family_id, reason, actorMeta, now))]));
      };
      if (row.spent_at !== null) {
        await end('reuse', [
          buildEvent(this.service, actorMeta, {
            type: 'RefreshTokenReuseDetected',
            outcome: 'failure',
            subject: { type: 'user', id: row.user_id },
            data: { family_id: row.family_id },
            occurredAt: now,
          }),
        ]);
        return { kind: 'reused' };
      }
      if (!session || session.revoked_at !== null) return { kind: 'invalid' };
      if (row.expires_at.getTime() <= now.getTime() || (await this.isCutOff(m, row))) return { kind: 'invalid' };
      if (!user) {
        await end('user_deleted');
        return { kind: 'invalid' };
      }
      const limits = this.limits();
      const ending = sessionEnding(session, limits, now);
      if (ending) {
        await end(ending);
        return { kind: 'invalid' };
      }
      await this.refreshTokens.markSpent(m, hash, now);
      await this.sessions.touch(m, session.id, now, meta.ip ?? null, meta.user_agent ?? null);
      return { kind: 'ok', pair: await this.issuePair(m, record, user, { ...session, last_used_at: now }, now, actorMeta) };
    });
    if (outcome.kind === 'reused') throw new ServiceError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; its session has been ended');
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    return outcome.pair;
  }

  private async issuePair(
    m: EntityManager,
    record: RecordEvents,
    user: SessionUser,
    session: Pick<SessionRow, 'id' | 'created_at' | 'last_used_at' | 'expires_at'>,
    now: Date,
    meta: RequestMeta,
    /** A sign-in's new session, written with the pair's refresh token. */
    opening?: NewSession,
  ): Promise<TokenPair> {
    const familyId = session.id;
    const familyExpires = session.expires_at;
    const scope = sessionScope(user);
    // `sid` lets every gateway reject the session's access tokens at once when it ends; `auth_time` is the sign-in (OIDC).
    const extra = { sid: familyId, auth_time: Math.floor(session.created_at.getTime() / 1000) };
    const access: SignedAccessToken = this.issuer.issue(user.id, user.roles, scope, { issuedAtFloor: await this.revocation.cutoffFor(user.id, m), extra });
    const refresh = generateOpaqueToken('refresh_token');
    const token: NewRefreshToken = {
      token_hash: hashOpaqueToken(refresh),
      family_id: familyId,
      user_id: user.id,
      roles: user.roles,
      scope,
      issued_at: now,
      expires_at: familyExpires,
      access_jti: access.jti,
      access_expires_at: access.expiresAt,
    };
    if (opening) await this.sessions.open(m, opening, token);
    else await this.refreshTokens.insert(m, token);
    const actor = { type: 'user' as const, id: user.id };
    const subject = { type: 'user', id: user.id };
    await record(
      countTokenEvents([
        buildEvent(this.service, meta, {
          type: 'TokenIssued',
          actor,
          subject,
          data: { jti: access.jti, kind: 'access', kid: access.kid, scope, expires_at: access.expiresAt.toISOString() },
        }),
        buildEvent(this.service, meta, {
          type: 'TokenIssued',
          actor,
          subject,
          data: { jti: familyId, kind: 'refresh', expires_at: familyExpires.toISOString() },
        }),
      ]),
    );
    return {
      access_token: access.token,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: expiresIn(access),
      refresh_expires_in: refreshExpiresIn(session, this.limits(), now),
      password_change_required: user.password_change_required,
      ...(scope === MFA_ENROLL_SCOPE ? { mfa_enrollment_required: true as const } : {}),
    };
  }

  private limits(): SessionLimits {
    if (this.lifetimes) return { idleMs: this.lifetimes.sessionIdleSeconds() * 1000, maxMs: this.lifetimes.sessionMaxSeconds() * 1000 };
    return { idleMs: this.config.SESSION_IDLE_TIMEOUT_SECONDS * 1000, maxMs: this.config.SESSION_MAX_LIFETIME_SECONDS * 1000 };
  }

  /** Issued before the subject's (or everyone's) cutoff: revoked, whatever its own flags say. */
  private async isCutOff(m: EntityManager, row: RefreshTokenRow): Promise<boolean> {
    const cutoff = await this.revocation.cutoffFor(row.user_id, m);
    return cutoff !== undefined && row.issued_at.getTime() < cutoff.getTime();
  }

  private async currentUser(userId: string, meta: RequestMeta): Promise<SessionUser | undefined> {
    try {
      const user = await this.users.send(RPC.user.sessionUser, meta, { user_id: userId });
      return {
        id: user.id,
        roles: user.roles,
        password_change_required: user.password_change_required,
        mfa_enrollment_required: user.mfa_enrollment_required ?? false,
      };
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

/** Why a session may not be refreshed any more, if it may not. */
function sessionEnding(session: SessionRow, limits: SessionLimits, now: Date): SessionEndReason | undefined {
  if (now.getTime() - session.last_used_at.getTime() >= limits.idleMs) return 'idle_timeout';
  if (now.getTime() - session.created_at.getTime() >= limits.maxMs) return 'max_lifetime';
  return undefined;
}

function refreshExpiresIn(session: Pick<SessionRow, 'created_at' | 'last_used_at' | 'expires_at'>, limits: SessionLimits, now: Date): number {
  const end = Math.min(session.last_used_at.getTime() + limits.idleMs, session.created_at.getTime() + limits.maxMs, session.expires_at.getTime());
  return Math.max(0, Math.floor((end - now.getTime()) / 1000));
}

function invalidRefreshToken(): ServiceError {
  return new ServiceError('INVALID_TOKEN', 'The refresh token is invalid, expired or revoked');
}
