/** /admin/users/:id/sessions: an admin sees and ends the sessions of any account. */
import { Controller, Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { RPC, type SessionView } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { endSessions, sessionOf } from '../auth/session-ending';
import { CLIENT_ADDRESS, GATEWAY_RPC, TOKEN_STATE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import type { GatewayTokenState } from '../tokens/token-state';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUserSessionsController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  @Get(':id/sessions')
  @Authenticated({ roles: ['admin'], scope: 'users:read' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.sessions.list',
    summary: 'The live sessions of an account, most recently used first',
    success: { status: 200, description: 'The account’s live sessions', schema: 'SessionList' },
    problems: ['NOT_FOUND'],
  })
  async list(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<{ items: SessionView[] }> {
    await this.assertAccount(req, id);
    const current = sessionOf(req.auth);
    return this.rpc.send(RPC.auth.listSessions, requestMeta(req, this.addresses), { user_id: id, ...(current ? { current_session_id: current } : {}) });
  }

  @Delete(':id/sessions')
  @Authenticated({ roles: ['admin'], scope: 'tokens:revoke' })
  @HttpCode(204)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.sessions.delete',
    summary: 'End every session of an account (SessionRevoked, reason admin); it can sign in again',
    success: { status: 204, description: 'Every session ended' },
    problems: ['NOT_FOUND'],
  })
  async endAll(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.assertAccount(req, id);
    await endSessions(this.rpc, this.tokens, requestMeta(req, this.addresses), { user_id: id, reason: 'admin' });
  }

  /** 404 for an id that is no account, rather than an empty list. */
  private async assertAccount(req: AuthenticatedRequest, id: string): Promise<void> {
    await this.rpc.send(RPC.user.me, requestMeta(req, this.addresses), { user_id: id });
  }
}
