import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_RPC, TOKEN_STATE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import type { GatewayTokenState } from './token-state';
import { revokeAllBodySchema, type ReasonBody } from './token.schemas';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('admin')
@Controller('admin')
export class AdminTokensController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  @Post('tokens/revoke-all')
  @Authenticated({ roles: ['admin'], scope: 'tokens:revoke' })
  @HttpCode(200)
  @ApiBody({ schema: revokeAllBodySchema as never })
  @ApiContract({
    id: 'admin.tokens.revokeAll',
    summary: 'Emergency: every access and refresh token issued before now is rejected, on every gateway replica within a second; new logins work',
    success: { status: 200, description: 'The cutoff now in force', schema: 'NotBefore' },
  })
  async revokeAll(@Req() req: AuthenticatedRequest, @Body(new SchemaPipe<ReasonBody>(revokeAllBodySchema)) body: ReasonBody): Promise<{ not_before: string }> {
    const result = await this.rpc.send(RPC.auth.revokeAll, requestMeta(req, this.addresses), { reason: body.reason });
    // This replica applies it before answering; the others apply the AllTokensRevoked event.
    this.tokens.cutAll(Date.parse(result.not_before));
    return result;
  }
}
