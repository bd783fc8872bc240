/**
 * RFC 7662 introspection and RFC 7009 revocation. Access tokens are judged here, as the bearer
 * guard judges them (signature, issuer, audience, expiry, and the revocation state every replica
 * keeps); refresh tokens are opaque, so auth-service says. The caller is a service account
 * authenticated by auth-service (a failure is audited there).
 */
import { Inject, Injectable } from '@nestjs/common';
import { parseScope, RPC, type AuthenticatedClient, type RequestMeta, type RevokeTokenRequest } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { opaqueTokenKind, TokenError, type AccessTokenVerifier, type VerifiedClaims } from '@tr4ction/tokens';
import { GATEWAY_RPC, TOKEN_STATE, TOKEN_VERIFIER } from '../gateway.tokens';
import { GatewayError } from '../http/problem';
import type { GatewayTokenState } from '../tokens/token-state';
import type { ClientCredentials } from './client-credentials';

export type Introspection =
  | { active: false }
  | { active: true; sub: string; scope: string; exp: number; iat: number; iss?: string; client_id?: string; sid?: string; token_type: string };

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

@Injectable()
export class OAuthService {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  authenticate(client: ClientCredentials, endpoint: 'introspect' | 'revoke', meta: RequestMeta): Promise<AuthenticatedClient> {
    return this.rpc.send(RPC.auth.authenticateClient, meta, { client_id: client.client_id, client_secret: client.client_secret, endpoint });
  }

  async introspect(token: string, meta: RequestMeta): Promise<Introspection> {
    if (opaqueTokenKind(token) === 'refresh_token') return this.rpc.send(RPC.auth.introspectRefresh, meta, { token });
    const claims = this.liveAccessToken(token);
    if (!claims) return { active: false };
    const clientId = claims.extra['client_id'];
    const sid = claims.extra['sid'];
    return {
      active: true,
      sub: claims.sub,
      scope: parseScope(claims.scope).join(' '),
      exp: claims.exp,
      iat: claims.iat,
      iss: claims.iss,
      ...(typeof clientId === 'string' ? { client_id: clientId } : {}),
      ...(typeof sid === 'string' ? { sid } : {}),
      token_type: 'Bearer',
    };
  }

  /**
   * A client may revoke the access tokens issued to it; revoking anyone else's token, or a
   * (user's) refresh token, takes the scope `tokens:revoke`. An unknown, expired or foreign token
   * is not an error (RFC 7009 2.2): there is nothing left to revoke.
   */
  async revoke(token: string, client: AuthenticatedClient, meta: RequestMeta): Promise<void> {
    const mayRevokeAny = client.scopes.includes('tokens:revoke');
    let request: RevokeTokenRequest;
    if (opaqueTokenKind(token) === 'refresh_token') {
      if (!mayRevokeAny) throw new GatewayError('FORBIDDEN', 'Revoking a user’s refresh token takes the scope tokens:revoke');
      request = { refresh_token: token };
    } else {
      const claims = this.liveAccessToken(token);
      if (!claims) return;
      if (claims.sub !== client.id && !mayRevokeAny) throw new GatewayError('FORBIDDEN', 'This token was not issued to this client');
      request = { access: { jti: claims.jti, exp: claims.exp, sub: claims.sub } };
      // This replica stops accepting it before the answer leaves; the others learn it from the event.
      this.tokens.deny(claims.iss, claims.jti, claims.exp * 1000);
    }
    await this.rpc.send(RPC.auth.revokeToken, meta, request);
  }

  /** The verified claims of a live access token of this issuer, or undefined (never an error). */
  private liveAccessToken(token: string): VerifiedClaims | undefined {
    if (!JWT.test(token)) return undefined;
    if (!this.tokens.ready()) throw new GatewayError('SERVICE_UNAVAILABLE', 'Token verification is starting; retry shortly');
    let claims: VerifiedClaims;
    try {
      claims = this.verifier.verify(token);
    } catch (err) {
      if (err instanceof TokenError) return undefined;
      throw err;
    }
    return this.tokens.revokedReason(claims) ? undefined : claims;
  }
}
