import { RPC, type EndSessionsRequest, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { GatewayTokenState } from '../tokens/token-state';

/** The session of the presented access token (absent from service-account tokens and older tokens). */
export function sessionOf(claims: VerifiedClaims | undefined): string | undefined {
  const sid = claims?.extra['sid'];
  return typeof sid === 'string' ? sid : undefined;
}

/**
 * Has auth-service end sessions, then rejects their access tokens on this replica before the
 * answer leaves; the other replicas learn it from SessionRevoked.
 */
export async function endSessions(rpc: RpcClient, tokens: GatewayTokenState, meta: RequestMeta, body: EndSessionsRequest): Promise<string[]> {
  const { ended } = await rpc.send(RPC.auth.endSessions, meta, body);
  for (const sid of ended) tokens.denySession(sid);
  return ended;
}
