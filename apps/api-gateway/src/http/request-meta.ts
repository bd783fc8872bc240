import type { Actor, RequestMeta } from '@tr4ction/contracts';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ClientAddressResolver } from './client-address';

/** Who is asking, from where: travels with every RPC so the resulting events can say so. */
export function requestMeta(req: AuthenticatedRequest, addresses: ClientAddressResolver): RequestMeta {
  const ua = req.headers['user-agent'];
  return {
    actor: req.auth ? actorOf(req.auth) : { type: 'user', id: null },
    ip: addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    ...(typeof ua === 'string' ? { user_agent: ua.slice(0, 256) } : {}),
    request_id: String(req.id),
  };
}

/** The actor a verified token stands for: a service account (client_credentials) or a user. */
export function actorOf(claims: VerifiedClaims): Actor {
  return { type: typeof claims.extra['client_id'] === 'string' ? 'service_account' : 'user', id: claims.sub };
}
