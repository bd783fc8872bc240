/**
 * Admin reads of users, keys, service accounts and settings are audited for the runbook's weekly
 * "who accessed admin functions" review, collapsed (see WindowedAuditRecorder): one AdminRead per
 * caller, route and window (ADMIN_READ_WINDOW_SECONDS) with a `count`, not one per request. The
 * read never waits for the record.
 */
import { ADMIN_READ_ROUTES, RPC, type AdminReadRequest, type AdminReadRoute } from '@tr4ction/contracts';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ClientAddressResolver } from '../http/client-address';
import { actorOf, requestMeta } from '../http/request-meta';
import { WindowedAuditRecorder, type Collapsed, type Occurrence } from './windowed-audit.recorder';

export interface AdminRead extends Occurrence {
  endpoint: AdminReadRoute;
}

export class AdminReadRecorder extends WindowedAuditRecorder<AdminRead, typeof RPC.audit.adminRead> {
  protected readonly label = 'admin read';

  protected report(read: AdminRead, collapsed: Collapsed): { pattern: typeof RPC.audit.adminRead; data: AdminReadRequest } {
    return { pattern: RPC.audit.adminRead, data: { route: read.endpoint, ...collapsed } };
  }
}

/** Whether this answered request is an admin read to audit: a successful GET of one of the routes, by a verified caller. */
export function adminReadOf(req: AuthenticatedRequest, statusCode: number): { route: AdminReadRoute; auth: VerifiedClaims } | undefined {
  const route = req.routeOptions.url;
  if (req.method !== 'GET' || statusCode >= 400 || !req.auth || !isAdminRead(route)) return undefined;
  return { route, auth: req.auth };
}

/** Fastify onResponse hook: notes every admin read once it is answered (so the read never waits). */
export function noteAdminReads(recorder: Pick<AdminReadRecorder, 'note'>, addresses: ClientAddressResolver) {
  return (req: AuthenticatedRequest, reply: FastifyReply, done: () => void): void => {
    const read = adminReadOf(req, reply.statusCode);
    if (read) {
      const actor = actorOf(read.auth);
      recorder.note({ caller: `${actor.type}:${actor.id ?? ''}`, endpoint: read.route, meta: { ...requestMeta(req, addresses), actor } });
    }
    done();
  };
}

function isAdminRead(url: string | undefined): url is AdminReadRoute {
  return url !== undefined && (ADMIN_READ_ROUTES as readonly string[]).includes(url);
}
