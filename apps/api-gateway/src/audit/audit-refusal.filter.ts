/**
 * Refused audit reads leave a trace and are bounded: when an authenticated caller may not read the
 * audit log (403: its roles or its token's scopes do not allow it), the refusal is noted by the
 * AuditRefusalRecorder (one AuditLogQueried failure per caller, endpoint and window, with a count)
 * and counted against the caller's refusal budget (RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER; 429 with
 * Retry-After beyond). Only refusals of a verified token count: a 401 (no or bad token) is never
 * recorded, so nobody can write to the append-only log without an account.
 */
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AUDIT_READ_ENDPOINTS, REFUSED_AUDIT_READ_REASONS, type AuditReadEndpoint, type RefusedAuditReadReason } from '@tr4ction/contracts';
import type { Logger } from '@tr4ction/telemetry';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { AUDIT_REFUSAL_RECORDER, AUTH_RATE_LIMITS, CLIENT_ADDRESS, GATEWAY_LOGGER } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { GatewayError } from '../http/problem';
import { ProblemFilter } from '../http/problem.filter';
import { actorOf, requestMeta } from '../http/request-meta';
import type { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import { RetryLaterError } from '../rate-limit/rate-limited.error';
import type { AuditRefusalRecorder } from './audit-refusal.recorder';

@Catch(GatewayError)
export class AuditRefusalFilter implements ExceptionFilter {
  private readonly problems: ProblemFilter;

  constructor(
    @Inject(AUDIT_REFUSAL_RECORDER) private readonly recorder: Pick<AuditRefusalRecorder, 'note'>,
    @Inject(AUTH_RATE_LIMITS) private readonly limits: Pick<AuthRateLimits, 'checkAuditRefusal'>,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(GATEWAY_LOGGER) logger: Logger,
  ) {
    this.problems = new ProblemFilter(logger);
  }

  /** Async: Nest's Fastify route handler waits for the reply this sends. */
  async catch(exception: GatewayError, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<AuthenticatedRequest>();
    const endpoint = req.routeOptions.url;
    const refused = req.refusedAuth;
    // Only the refusals of a verified token (its roles or scopes fall short), never a bad token.
    if (!isRefusal(exception.code) || !refused || !isAuditRead(endpoint)) return this.problems.catch(exception, host);
    const actor = actorOf(refused);
    const caller = `${actor.type}:${actor.id ?? ''}`;
    const query = typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>) : {};
    this.recorder.note({ caller, endpoint, query, reason: exception.code, meta: { ...requestMeta(req, this.addresses), actor } });
    try {
      await this.limits.checkAuditRefusal(caller);
    } catch (err) {
      return this.problems.catch(err instanceof RetryLaterError ? err : exception, host);
    }
    this.problems.catch(exception, host);
  }
}

function isRefusal(code: string): code is RefusedAuditReadReason {
  return (REFUSED_AUDIT_READ_REASONS as readonly string[]).includes(code);
}

function isAuditRead(url: string | undefined): url is AuditReadEndpoint {
  return url !== undefined && (AUDIT_READ_ENDPOINTS as readonly string[]).includes(url);
}
