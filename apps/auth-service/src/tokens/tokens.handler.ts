import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type EndSessionsReply, type EndSessionsRequest, type ListSessionsRequest, type SessionView } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
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

  @RpcHandler(RPC.auth.refresh)
  refresh(@Payload() { meta, data }: RpcEnvelope<{ refresh_token: string }>): Promise<TokenPair> {
    return this.sessions.refresh(data.refresh_token, meta);
  }

  @RpcHandler(RPC.auth.clientCredentials)
  clientCredentials(@Payload() { meta, data }: RpcEnvelope<ClientCredentialsRequest>): Promise<ClientCredentialsToken> {
    return this.clients.grant(data, meta);
  }

  @RpcHandler(RPC.auth.logout)
  async logout(@Payload() { meta, data }: RpcEnvelope<LogoutRequest>): Promise<{ ok: true }> {
    await this.revocation.logout(data, meta);
    return { ok: true };
  }

  @RpcHandler(RPC.auth.revokeUserTokens)
  revokeUser(@Payload() { meta, data }: RpcEnvelope<RevokeUserRequest>): Promise<{ not_before: string }> {
    return this.revocation.revokeSubject(data, meta);
  }

  @RpcHandler(RPC.auth.revokeAll)
  revokeAll(@Payload() { meta, data }: RpcEnvelope<RevokeAllRequest>): Promise<{ not_before: string }> {
    return this.revocation.revokeAll(data, meta);
  }

  @RpcHandler(RPC.auth.listSessions)
  listSessions(@Payload() { data }: RpcEnvelope<ListSessionsRequest>): Promise<{ items: SessionView[] }> {
    return this.userSessions.list(data);
  }

  @RpcHandler(RPC.auth.endSessions)
  endSessions(@Payload() { meta, data }: RpcEnvelope<EndSessionsRequest>): Promise<EndSessionsReply> {
    return this.userSessions.end(data, meta);
  }

  @RpcHandler(RPC.auth.revocationState)
  state(): Promise<RevocationState> {
    return this.revocation.state();
  }
}
