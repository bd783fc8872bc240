/**
 * Revocation: the persisted truth the gateways rebuild their in-memory view from (after a restart
 * or a missed event), and the events that keep that view current within a second. Every change is
 * written with its events in one transaction; the relay publishes them right after the commit.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SESSION_END_REASONS, type EventEnvelope, type RequestMeta, type RevokeTokenRequest, type SessionEndReason } from '@tr4ction/contracts';
import { countTokenEvents } from './token-metrics';
import { buildEvent, ServiceError, type RecordEvents, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { hashOpaqueToken, opaqueTokenKind } from '@tr4ction/tokens';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RevocationRepository } from './revocation.repository';
import { SessionsRepository, type SessionSelection } from './sessions.repository';
import type { LogoutRequest, RevocationState, RevokeAllRequest, RevokeUserRequest } from './revocation.types';
import type { TokenIssuer } from './token-issuer';
import { TOKEN_ISSUER_INSTANCE } from './tokens.constants';

/** No access token outlives a day (the signer refuses longer), so older cutoffs cannot matter to a live token. */
const MAX_ACCESS_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000 + 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class RevocationService {
  constructor(
    private readonly revocations: RevocationRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    /** Denials are keyed by issuer and jti: the issuer of the tokens this service signs. */
    @Inject(TOKEN_ISSUER_INSTANCE) private readonly tokens: Pick<TokenIssuer, 'issuer'>,
  ) {}

  /** POST /auth/logout: the presented access token and its refresh family stop working. */
  async logout(req: LogoutRequest, meta: RequestMeta): Promise<void> {
    const now = this.clock.now();
    const subject = { type: 'token', id: req.jti };
    await this.unitOfWork.run(async (m, record) => {
      const events: EventEnvelope[] = [];
      if (await this.revocations.deny(m, this.tokens.issuer, req.jti, new Date(req.exp * 1000), now, 'logout')) {
        events.push(
          buildEvent(this.service, meta, { type: 'TokenRevoked', subject, data: { jti: req.jti, scope: 'token', reason: 'logout' }, occurredAt: now }),
        );
      }
      const familyId = await this.familyToEnd(m, req);
      if (familyId) events.push(...(await this.endSession(m, req.sub, familyId, 'logout', meta, now)));
      await record(countTokenEvents(events));
    });
  }

  /**
   * Ends a refresh family: its refresh tokens, and every access token it produced that is still
   * live (each denied by jti, one TokenRevoked per jti so gateways need no extra round trip).
   * Runs inside the caller's transaction; returns the events to publish with it.
   */
  async revokeFamily(m: EntityManager, familyId: string, reason: string, meta: RequestMeta, now: Date): Promise<EventEnvelope[]> {
    const live = await this.refreshTokens.revokeFamily(m, familyId, now);
    const events: EventEnvelope[] = [
      buildEvent(this.service, meta, {
        type: 'TokenRevoked',
        subject: { type: 'token-family', id: familyId },
        data: { family_id: familyId, scope: 'family', reason },
        occurredAt: now,
      }),
    ];
    for (const token of live) {
      if (await this.revocations.deny(m, this.tokens.issuer, token.access_jti, token.access_expires_at, now, reason)) {
        events.push(
          buildEvent(this.service, meta, {
            type: 'TokenRevoked',
            subject: { type: 'token', id: token.access_jti },
            data: { jti: token.access_jti, family_id: familyId, scope: 'token', reason },
            occurredAt: now,
          }),
        );
      }
    }
    return events;
  }

  /**
   * Ends one session: its row (so no refresh and no listing), its refresh family and the access
   * tokens it produced (denied by jti, and by `sid` through SessionRevoked). Locks the session row
   * before the family's token rows, the order a refresh takes them in too.
   */
  async endSession(m: EntityManager, userId: string, sessionId: string, reason: SessionEndReason, meta: RequestMeta, now: Date): Promise<EventEnvelope[]> {
    const ended = await this.sessions.end(m, { userId, sessionId }, now, reason);
    const events = await this.revokeFamily(m, sessionId, reason === 'reuse' ? 'refresh_token_reuse' : reason, meta, now);
    return [...events, ...ended.map((id) => this.sessionRevoked(meta, userId, id, reason, now))];
  }

  /** Ends the selected sessions of one user; answers their ids and the events to publish with them. */
  async endSessions(
    m: EntityManager,
    sel: SessionSelection,
    reason: SessionEndReason,
    meta: RequestMeta,
    now = this.clock.now(),
  ): Promise<{ ended: string[]; events: EventEnvelope[] }> {
    const ended = await this.sessions.end(m, sel, now, reason);
    const events: EventEnvelope[] = [];
    for (const id of ended) {
      events.push(...(await this.revokeFamily(m, id, reason, meta, now)), this.sessionRevoked(meta, sel.userId, id, reason, now));
    }
    return { ended, events };
  }

  /** Every token of one user (or service account) issued before now stops working. */
  async revokeSubject(req: RevokeUserRequest, meta: RequestMeta, m?: EntityManager): Promise<{ not_before: string }> {
    if (typeof req.user_id !== 'string' || !UUID.test(req.user_id)) throw new ServiceError('VALIDATION_FAILED', 'user_id must be a uuid');
    const now = this.clock.now();
    const reason = req.reason ?? 'revoked';
    const sessionReason: SessionEndReason = (SESSION_END_REASONS as readonly unknown[]).includes(req.session_reason)
      ? (req.session_reason as SessionEndReason)
      : 'revoked';
    const run = async (tx: EntityManager, record: RecordEvents): Promise<Date> => {
      // Sessions first: the lock order of a refresh (session row, then token rows).
      const ended = await this.sessions.end(tx, { userId: req.user_id }, now, sessionReason);
      const notBefore = await this.revocations.raiseUserCutoff(tx, req.user_id, now);
      await this.refreshTokens.revokeUserFamilies(tx, req.user_id, now);
      await record(
        countTokenEvents([
          buildEvent(this.service, meta, {
            type: 'TokenRevoked',
            subject: { type: 'user', id: req.user_id },
            data: { scope: 'user', reason },
            occurredAt: notBefore,
          }),
          // The cutoff already rejects their tokens; these say which sessions ended and why.
          ...ended.map((id) => this.sessionRevoked(meta, req.user_id, id, sessionReason, now)),
        ]),
      );
      return notBefore;
    };
    // Inside a caller's transaction (an admin reset), the caller's unit of work commits and wakes the relay.
    const notBefore = m ? await this.unitOfWork.within(m, run) : await this.unitOfWork.run(run);
    return { not_before: notBefore.toISOString() };
  }

  /** The emergency switch: every access and refresh token issued before now is void; new logins work. */
  async revokeAll(req: RevokeAllRequest, meta: RequestMeta): Promise<{ not_before: string }> {
    const now = this.clock.now();
    const notBefore = await this.unitOfWork.run(async (m, record) => {
      const cutoff = await this.revocations.raiseGlobalCutoff(m, now, req.reason);
      await record(
        countTokenEvents([
          buildEvent(this.service, meta, {
            type: 'AllTokensRevoked',
            subject: { type: 'tokens', id: 'all' },
            data: { reason: req.reason, not_before: cutoff.toISOString() },
            occurredAt: now,
          }),
        ]),
      );
      return cutoff;
    });
    return { not_before: notBefore.toISOString() };
  }

  async state(): Promise<RevocationState> {
    const now = this.clock.now();
    const oldestLive = new Date(now.getTime() - MAX_ACCESS_TOKEN_LIFETIME_MS);
    const [denied, cutoffs, global, endedSessions] = await Promise.all([
      this.revocations.liveDenials(now),
      this.revocations.recentUserCutoffs(oldestLive),
      this.revocations.globalCutoff(),
      this.sessions.endedSince(oldestLive),
    ]);
    return {
      issuer: this.tokens.issuer,
      denied: denied.map((d) => ({ jti: d.jti, expires_at: d.expires_at.toISOString() })),
      user_cutoffs: cutoffs.map((c) => ({ user_id: c.user_id, not_before: c.not_before.toISOString() })),
      global_not_before: global?.toISOString() ?? null,
      // An access token of an ended session lives at most MAX_ACCESS_TOKEN_LIFETIME_MS past the end.
      denied_sessions: endedSessions.map((e) => ({ sid: e.id, until: new Date(e.revoked_at.getTime() + MAX_ACCESS_TOKEN_LIFETIME_MS).toISOString() })),
      as_of: now.toISOString(),
    };
  }

  /** The cutoff a new token for this subject must be issued after (see TokenIssuer). */
  /**
   * RFC 7009 (POST /oauth/revoke): one access token (by its verified jti) or one refresh token's
   * whole family stops working. Unknown, spent or already revoked tokens change nothing (the
   * endpoint answers 200 alike). The gateway checked that the caller may revoke it.
   */
  async revokeToken(req: RevokeTokenRequest, meta: RequestMeta): Promise<void> {
    const now = this.clock.now();
    await this.unitOfWork.run(async (m, record) => {
      const events: EventEnvelope[] = [];
      const access = req.access;
      if (access && typeof access.jti === 'string' && Number.isFinite(access.exp)) {
        if (await this.revocations.deny(m, this.tokens.issuer, access.jti, new Date(access.exp * 1000), now, 'oauth_revoke')) {
          events.push(
            buildEvent(this.service, meta, {
              type: 'TokenRevoked',
              subject: { type: 'token', id: access.jti },
              data: { jti: access.jti, scope: 'token', reason: 'oauth_revoke' },
              occurredAt: now,
            }),
          );
        }
      }
      if (typeof req.refresh_token === 'string' && opaqueTokenKind(req.refresh_token) === 'refresh_token') {
        const row = await this.refreshTokens.find(hashOpaqueToken(req.refresh_token), m);
        if (row && row.revoked_at === null) events.push(...(await this.revokeFamily(m, row.family_id, 'oauth_revoke', meta, now)));
      }
      await record(countTokenEvents(events));
    });
  }

  cutoffFor(subjectId: string, m?: EntityManager): Promise<Date | undefined> {
    return this.revocations.cutoffFor(subjectId, m);
  }

  async pruneExpired(): Promise<number> {
    return this.revocations.pruneExpired(this.clock.now());
  }

  /** The family named by the presented refresh token (only if it is the caller's), else the access token's own. */
  private async familyToEnd(m: EntityManager, req: LogoutRequest): Promise<string | undefined> {
    if (typeof req.refresh_token === 'string' && opaqueTokenKind(req.refresh_token) === 'refresh_token') {
      const row = await this.refreshTokens.find(hashOpaqueToken(req.refresh_token), m);
      if (row && row.user_id === req.sub && row.revoked_at === null) return row.family_id;
    }
    return this.refreshTokens.familyOfAccessToken(m, req.jti, req.sub);
  }

  private sessionRevoked(meta: RequestMeta, userId: string, sessionId: string, reason: SessionEndReason, now: Date): EventEnvelope {
    return buildEvent(this.service, meta, {
      type: 'SessionRevoked',
      subject: { type: 'user', id: userId },
      data: { session_id: sessionId, reason },
      occurredAt: now,
    });
  }
}
