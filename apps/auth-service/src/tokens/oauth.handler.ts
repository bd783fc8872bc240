import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type AuthenticateClientRequest, type AuthenticatedClient, type RefreshTokenIntrospection, type RevokeTokenRequest } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler, ServiceError } from '@tr4ction/messaging';
import { ClientAuthenticationService } from './client-authentication.service';
import { RefreshIntrospectionService } from './refresh-introspection.service';
import { RevocationService } from './revocation.service';

/** The OAuth endpoints' work that needs auth-service: client authentication, RFC 7009 revocation, refresh-token introspection. */
@Controller()
export class OAuthHandler {
  constructor(
    private readonly clients: ClientAuthenticationService,
    private readonly revocation: RevocationService,
    private readonly refresh: RefreshIntrospectionService,
  ) {}

  @RpcHandler(RPC.auth.authenticateClient)
  authenticateClient(@Payload() { meta, data }: RpcEnvelope<AuthenticateClientRequest>): Promise<AuthenticatedClient> {
    if (data?.endpoint !== 'introspect' && data?.endpoint !== 'revoke') throw new ServiceError('VALIDATION_FAILED', 'endpoint must be introspect or revoke');
    return this.clients.authenticate(data.client_id, data.client_secret, data.endpoint, meta);
  }

  @RpcHandler(RPC.auth.revokeToken)
  async revokeToken(@Payload() { meta, data }: RpcEnvelope<RevokeTokenRequest>): Promise<{ ok: true }> {
    await this.revocation.revokeToken(data ?? {}, meta);
    return { ok: true };
  }

  @RpcHandler(RPC.auth.introspectRefresh)
  introspectRefresh(@Payload() { data }: RpcEnvelope<{ token: string }>): Promise<RefreshTokenIntrospection> {
    return this.refresh.introspect(data?.token);
  }
}
