/**
 * POST /admin/users/:id/mfa/reset: the lost-device procedure. user-service removes every factor
 * and recovery code (MfaReset); auth-service then revokes the user's tokens, exactly as the
 * admin's revoke-tokens does, so whoever holds a session (maybe the finder of the device) is out.
 */
import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ProfileCache } from '../auth/profile-cache';
import { CLIENT_ADDRESS, GATEWAY_RPC, PROFILE_CACHE, TOKEN_STATE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import type { GatewayTokenState } from '../tokens/token-state';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('admin')
@Controller('admin/users')
export class AdminMfaController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
    @Inject(PROFILE_CACHE) private readonly profiles: ProfileCache,
  ) {}

  @Post(':id/mfa/reset')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(204)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.mfa.reset',
    summary: 'Remove every second factor and recovery code of the account and end its sessions (lost device)',
    success: { status: 204, description: 'Every factor removed, every session ended' },
    problems: ['NOT_FOUND'],
  })
  async reset(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    const meta = requestMeta(req, this.addresses);
    await this.rpc.send(RPC.user.mfa.reset, meta, { user_id: id });
    const result = await this.rpc.send(RPC.auth.revokeUserTokens, meta, { user_id: id, reason: 'second factors reset by an admin' });
    // This replica applies the cutoff at once; the others learn it from the TokenRevoked event.
    this.tokens.cutSubject(id, Date.parse(result.not_before));
    this.profiles.forget(id);
  }
}
