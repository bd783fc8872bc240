import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import type { UserTokenCutoff } from './user-token-cutoffs.repository';
import { UserTokensService, type RevokeUserTokensRequest, type RevokeUserTokensResult } from './user-tokens.service';

@Controller()
export class UserTokensHandler {
  constructor(private readonly tokens: UserTokensService) {}

  @MessagePattern(RPC.auth.revokeUserTokens, Transport.NATS)
  revoke(@Payload() { meta, data }: RpcEnvelope<RevokeUserTokensRequest>): Promise<RevokeUserTokensResult> {
    return this.tokens.revoke(data, meta);
  }

  @MessagePattern(RPC.auth.userTokenCutoffs, Transport.NATS)
  cutoffs(): Promise<UserTokenCutoff[]> {
    return this.tokens.recent();
  }
}
