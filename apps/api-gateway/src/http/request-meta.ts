import type { Actor, RequestMeta } from '@tr4ction/contracts';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ClientAddressResolver } from './client-address';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Who is asking, from where: travels with every RPC so the resulting events can say so. When the
 * route verified a bearer token, the token itself goes along as the proof: the receiving service
 * verifies it again and decides for itself (the gateway's word is not enough).
 */
export function requestMeta(req: AuthenticatedRequest, addresses: ClientAddressResolver): RequestMeta {
  const ua = req.headers['user-agent'];
  const token = req.auth || req.refusedAuth ? presentedBearer(req) : undefined;
  return {
    actor: req.auth ? actorOf(req.auth) : { type: 'user', id: null },
    ip: addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    ...(typeof ua === 'string' ? { user_agent: ua.slice(0, 256) } : {}),
    request_id: String(req.id),
    ...(token ? { proof: { kind: 'access_token' as const, token } } : {}),
  };
}

/** The actor a verified token stands for: a service account (client_credentials) or a user. */
export function actorOf(claims: VerifiedClaims): Actor {
  return { type: typeof claims.extra['client_id'] === 'string' ? 'service_account' : 'user', id: claims.sub };
}

function presentedBearer(req: AuthenticatedRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header.trim())?.[1] : undefined;
}
