import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type EndSessionsReply, type EndSessionsRequest, type ListSessionsRequest, type SessionView } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { ClientCredentialsService, type ClientCredentialsRequest, type ClientCredentialsToken } from './client-credentials.service';
import { RevocationService } from './revocation.service';
import type { LogoutRequest, RevocationState, RevokeAllRequest, RevokeUserRequest } from './revocation.types';
import { SessionService, type TokenPair } from './session.service';
import { UserSessionsService } from './user-sessions.service';

@Controller()
export class TokensHandler {
  constructor(
    private readonly sessions: SessionService,
    private readonly revocation: RevocationService,
    private readonly clients: ClientCredentialsService,
    private readonly userSessions: UserSessionsService,
  ) {}

  @MessagePattern(RPC.auth.refresh, Transport.NATS)
  refresh(@Payload() { meta, data }: RpcEnvelope<{ refresh_token: string }>): Promise<TokenPair> {
    return this.sessions.refresh(data.refresh_token, meta);
  }

  @MessagePattern(RPC.auth.clientCredentials, Transport.NATS)
  clientCredentials(@Payload() { meta, data }: RpcEnvelope<ClientCredentialsRequest>): Promise<ClientCredentialsToken> {
    return this.clients.grant(data, meta);
  }

  @MessagePattern(RPC.auth.logout, Transport.NATS)
  async logout(@Payload() { meta, data }: RpcEnvelope<LogoutRequest>): Promise<{ ok: true }> {
    await this.revocation.logout(data, meta);
    return { ok: true };
  }

  @MessagePattern(RPC.auth.revokeUserTokens, Transport.NATS)
  revokeUser(@Payload() { meta, data }: RpcEnvelope<RevokeUserRequest>): Promise<{ not_before: string }> {
    return this.revocation.revokeSubject(data, meta);
  }

  @MessagePattern(RPC.auth.revokeAll, Transport.NATS)
  revokeAll(@Payload() { meta, data }: RpcEnvelope<RevokeAllRequest>): Promise<{ not_before: string }> {
    return this.revocation.revokeAll(data, meta);
  }

  @MessagePattern(RPC.auth.listSessions, Transport.NATS)
  listSessions(@Payload() { data }: RpcEnvelope<ListSessionsRequest>): Promise<{ items: SessionView[] }> {
    return this.userSessions.list(data);
  }

  @MessagePattern(RPC.auth.endSessions, Transport.NATS)
  endSessions(@Payload() { meta, data }: RpcEnvelope<EndSessionsRequest>): Promise<EndSessionsReply> {
    return this.userSessions.end(data, meta);
  }

  @MessagePattern(RPC.auth.revocationState, Transport.NATS)
  state(): Promise<RevocationState> {
    return this.revocation.state();
  }
}
