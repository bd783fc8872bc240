import { Body, Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { RPC, SELF } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { CLIENT_ADDRESS, GATEWAY_RPC, TOKEN_STATE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import type { GatewayTokenState } from '../tokens/token-state';
import { logoutBodySchema, refreshBodySchema, type LogoutBody, type RefreshBody } from '../tokens/token.schemas';
import { Authenticated } from './authenticated.decorator';
import type { AuthenticatedRequest } from './bearer-auth.guard';
import { ApiContract } from '../http/openapi/api-contract.decorator';

/** Refresh and logout: the session half of /auth (the client_credentials grant is in oauth/). */
@ApiTags('auth')
@Controller('auth')
export class SessionController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
  ) {}

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ schema: refreshBodySchema as never })
  @ApiContract({
    id: 'auth.refresh',
    summary: 'Exchange a refresh token for a new pair; the presented one is spent (reuse revokes the whole session)',
    success: { status: 200, description: 'A new pair; the presented refresh token is spent', schema: 'TokenPair' },
    problems: ['INVALID_TOKEN', 'REFRESH_TOKEN_REUSED'],
  })
  refresh(@Req() req: AuthenticatedRequest, @Body(new SchemaPipe<RefreshBody>(refreshBodySchema)) body: RefreshBody): Promise<unknown> {
    return this.rpc.send(RPC.auth.refresh, requestMeta(req, this.addresses), { refresh_token: body.refresh_token });
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated({ scope: SELF, allowPasswordChangeScope: true, allowMfaEnrollScope: true })
  @ApiBody({ schema: logoutBodySchema as never })
  @ApiContract({ id: 'auth.logout', summary: 'Revoke the presented access token and its refresh session', success: { status: 204, description: 'Signed out' } })
  async logout(@Req() req: AuthenticatedRequest, @Body(new SchemaPipe<LogoutBody>(logoutBodySchema)) body: LogoutBody): Promise<void> {
    const auth = req.auth;
    if (!auth) return;
    await this.rpc.send(RPC.auth.logout, requestMeta(req, this.addresses), {
      jti: auth.jti,
      exp: auth.exp,
      sub: auth.sub,
      ...(body.refresh_token ? { refresh_token: body.refresh_token } : {}),
    });
    // This replica stops accepting the token before the response leaves; the others learn it from the event.
    this.tokens.deny(auth.iss, auth.jti, auth.exp * 1000);
  }
}
