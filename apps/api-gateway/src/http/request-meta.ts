import type { RequestMeta } from '@tr4ction/contracts';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ClientAddressResolver } from './client-address';

/** Who is asking, from where: travels with every RPC so the resulting events can say so. */
export function requestMeta(req: AuthenticatedRequest, addresses: ClientAddressResolver): RequestMeta {
  const ua = req.headers['user-agent'];
  return {
    actor: req.auth ? { type: typeof req.auth.extra['client_id'] === 'string' ? 'service_account' : 'user', id: req.auth.sub } : { type: 'user', id: null },
    ip: addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    ...(typeof ua === 'string' ? { user_agent: ua.slice(0, 256) } : {}),
    request_id: String(req.id),
  };
}
