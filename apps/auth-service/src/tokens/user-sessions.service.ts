/**
 * A user's view of their sessions (GET/DELETE /auth/sessions, and the admin's per-user routes):
 * list what is still live, end one, all but the current one, or all. Ending goes through
 * RevocationService.endSessions, so the refresh family, its access tokens and the SessionRevoked
 * event are one transaction.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ConfigOf, authServiceSchema } from '@tr4ction/config';
import {
  UUID_PATTERN,
  type EndSessionsReply,
  type EndSessionsRequest,
  type ListSessionsRequest,
  type RequestMeta,
  type SessionView,
} from '@tr4ction/contracts';
import { ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, SERVICE_CONFIG, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { RevocationRepository } from './revocation.repository';
import { RevocationService } from './revocation.service';
import { SessionsRepository, type SessionRow } from './sessions.repository';
import { countTokenEvents } from './token-metrics';
import type { TokenLifetimes } from './token-lifetimes';
import { TOKEN_LIFETIMES } from './tokens.constants';

@Injectable()
export class UserSessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly revocations: RevocationRepository,
    private readonly revocation: RevocationService,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof authServiceSchema>,
    @Optional() @Inject(TOKEN_LIFETIMES) private readonly lifetimes?: TokenLifetimes,
  ) {}

  async list(req: ListSessionsRequest): Promise<{ items: SessionView[] }> {
    const userId = uuid(req.user_id, 'user_id');
    const now = this.clock.now();
    const idleMs = (this.lifetimes?.sessionIdleSeconds() ?? this.config.SESSION_IDLE_TIMEOUT_SECONDS) * 1000;
    const maxMs = (this.lifetimes?.sessionMaxSeconds() ?? this.config.SESSION_MAX_LIFETIME_SECONDS) * 1000;
    // A session started before the user's (or everyone's) cutoff has no usable token left.
    const cutoff = await this.revocation.cutoffFor(userId);
    const startedAfter = new Date(Math.max(now.getTime() - maxMs, cutoff ? cutoff.getTime() - 1 : 0));
    const rows = await this.sessions.listLive(userId, now, new Date(now.getTime() - idleMs), startedAfter);
    return { items: rows.map((row) => view(row, req.current_session_id)) };
  }

  /** One named session (NOT_FOUND unless it is this user's and live), or every one but `except_session_id`. */
  async end(req: EndSessionsRequest, meta: RequestMeta): Promise<EndSessionsReply> {
    const userId = uuid(req.user_id, 'user_id');
    const sessionId = req.session_id === undefined ? undefined : uuid(req.session_id, 'session_id');
    const exceptSessionId = typeof req.except_session_id === 'string' && UUID_PATTERN.test(req.except_session_id) ? req.except_session_id : undefined;
    const reason = req.reason === 'admin' || req.reason === 'password_changed' ? req.reason : 'user';
    const now = this.clock.now();
    const ended = await this.unitOfWork.run(async (m, record) => {
      const result = await this.revocation.endSessions(m, { userId, sessionId, exceptSessionId }, reason, meta, now);
      await record(countTokenEvents(result.events));
      return result.ended;
    });
    if (sessionId && ended.length === 0) throw new ServiceError('NOT_FOUND', 'No such session');
    return { ended };
  }
}

function uuid(value: unknown, name: string): string {
  const id = typeof value === 'string' ? value.toLowerCase() : '';
  if (!UUID_PATTERN.test(id)) throw new ServiceError('VALIDATION_FAILED', `${name} must be a uuid`);
  return id;
}

function view(row: SessionRow, currentId: string | undefined): SessionView {
  return {
    id: row.id,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at.toISOString(),
    ip: row.ip,
    user_agent: row.user_agent,
    current: row.id === currentId,
  };
}
