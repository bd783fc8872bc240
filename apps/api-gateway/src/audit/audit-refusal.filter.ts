/**
 * Refused audit reads leave a trace: when an authenticated caller's roles do not allow an audit
 * read (403 FORBIDDEN), audit-service records an AuditLogQueried with outcome failure and the
 * caller as actor, through the same path as every successful read. Only refusals of a verified
 * token are reported: a 401 (no or bad token) is never recorded, so nobody can flood the
 * append-only log without an account.
 *
 * The 403 answer never waits for the record: it is sent at once by the usual problem filter, and
 * the report is fire-and-forget with a short timeout, its failure logged. While audit-service is
 * down the reports in flight are capped, so a burst of refusals cannot pile up memory.
 */
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AUDIT_READ_ENDPOINTS, RPC, type AuditReadEndpoint, type RefusedAuditReadRequest } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_LOGGER, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { GatewayError } from '../http/problem';
import { ProblemFilter } from '../http/problem.filter';
import { actorOf, requestMeta } from '../http/request-meta';

export const REFUSAL_REPORT_TIMEOUT_MS = 2000;
export const MAX_REFUSAL_REPORTS_IN_FLIGHT = 64;

@Catch(GatewayError)
export class AuditRefusalFilter implements ExceptionFilter {
  private readonly problems: ProblemFilter;
  private inFlight = 0;

  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: Pick<RpcClient, 'send'>,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {
    this.problems = new ProblemFilter(logger);
  }

  catch(exception: GatewayError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<AuthenticatedRequest>();
    if (exception.code === 'FORBIDDEN' && req.refusedAuth) this.report(req);
    this.problems.catch(exception, host);
  }

  private report(req: AuthenticatedRequest): void {
    const endpoint = req.routeOptions.url;
    if (!isAuditRead(endpoint) || !req.refusedAuth) return;
    if (this.inFlight >= MAX_REFUSAL_REPORTS_IN_FLIGHT) {
      this.logger.warn({ endpoint, request_id: String(req.id) }, 'refused audit read not recorded: too many reports in flight');
      return;
    }
    const meta = { ...requestMeta(req, this.addresses), actor: actorOf(req.refusedAuth) };
    const query = typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>) : {};
    this.inFlight += 1;
    void this.rpc
      .send<RefusedAuditReadRequest, { recorded: true }>(RPC.audit.refusedRead, meta, { endpoint, query, reason: 'FORBIDDEN' }, REFUSAL_REPORT_TIMEOUT_MS)
      .catch((err: unknown) => this.logger.warn({ endpoint, request_id: String(req.id), err_name: (err as Error).name, err: (err as Error).message }, 'refused audit read not recorded'))
      .finally(() => {
        this.inFlight -= 1;
      });
  }
}

function isAuditRead(url: string | undefined): url is AuditReadEndpoint {
  return url !== undefined && (AUDIT_READ_ENDPOINTS as readonly string[]).includes(url);
}
