/**
 * /auth/sessions: a user sees and ends their own sessions. auth-service ends them (refresh family,
 * access tokens, SessionRevoked); this replica rejects their access tokens before answering, the
 * others as soon as the event reaches them.
 */
import { Controller, Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { RPC, SELF, type EndSessionsRequest, type SessionView } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { CLIENT_ADDRESS, GATEWAY_RPC, TOKEN_STATE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import type { GatewayTokenState } from '../tokens/token-state';
import { Authenticated } from './authenticated.decorator';
import type { AuthenticatedRequest } from './bearer-auth.guard';
import { endSessions, sessionOf } from './session-ending';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('auth')
@Controller('auth/sessions')
export class UserSessionsController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  @Get()
  @Authenticated({ scope: SELF })
  @ApiContract({
    id: 'auth.sessions.list',
    summary: 'The caller’s live sessions, most recently used first; the caller’s own is marked current',
    success: { status: 200, description: 'The caller’s live sessions', schema: 'SessionList' },
  })
  list(@Req() req: AuthenticatedRequest): Promise<{ items: SessionView[] }> {
    const current = sessionOf(req.auth);
    return this.rpc.send(RPC.auth.listSessions, requestMeta(req, this.addresses), {
      user_id: req.auth?.sub ?? '',
      ...(current ? { current_session_id: current } : {}),
    });
  }

  @Delete(':id')
  @Authenticated({ scope: SELF })
  @HttpCode(204)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'auth.sessions.delete',
    summary: 'End one of the caller’s sessions: its refresh token and access tokens stop working',
    success: { status: 204, description: 'Ended' },
    problems: ['NOT_FOUND'],
  })
  async endOne(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.end(req, { user_id: req.auth?.sub ?? '', session_id: id, reason: 'user' });
  }

  @Delete()
  @Authenticated({ scope: SELF })
  @HttpCode(204)
  @ApiContract({
    id: 'auth.sessions.deleteOthers',
    summary: 'End every session of the caller but the current one',
    success: { status: 204, description: 'Every other session ended' },
  })
  async endOthers(@Req() req: AuthenticatedRequest): Promise<void> {
    const current = sessionOf(req.auth);
    await this.end(req, { user_id: req.auth?.sub ?? '', ...(current ? { except_session_id: current } : {}), reason: 'user' });
  }

  private async end(req: AuthenticatedRequest, body: EndSessionsRequest): Promise<void> {
    await endSessions(this.rpc, this.tokens, requestMeta(req, this.addresses), body);
  }
}
