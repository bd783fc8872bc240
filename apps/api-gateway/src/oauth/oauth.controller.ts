/**
 * The standard OAuth endpoints: the token endpoint (client_credentials; also at /auth/token),
 * introspection (RFC 7662, callers need `tokens:introspect`) and revocation (RFC 7009). Bodies are
 * form-encoded (what OAuth clients send) or JSON; clients authenticate with HTTP Basic or in the
 * body. Errors are problem JSON with RFC 6749 `error` / `error_description` (OAuthErrorFilter).
 */
import { Body, Controller, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { GatewayError } from '../http/problem';
import { requestMeta } from '../http/request-meta';
import { clientCredentials, oauthParams, param } from './client-credentials';
import { OAuthErrorFilter } from './oauth-error.filter';
import { OAuthService, type Introspection } from './oauth.service';
import { ApiContract } from '../http/openapi/api-contract.decorator';

const SCOPE_PARAM = /^[A-Za-z0-9:._-]+( [A-Za-z0-9:._-]+)*$/;
const FORM = 'application/x-www-form-urlencoded';

const tokenBody = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'] },
    scope: { type: 'string' },
    client_id: { type: 'string' },
    client_secret: { type: 'string' },
  },
  required: ['grant_type'],
};
const tokenParamBody = {
  type: 'object',
  properties: { token: { type: 'string' }, token_type_hint: { type: 'string' }, client_id: { type: 'string' }, client_secret: { type: 'string' } },
  required: ['token'],
};

interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

@ApiTags('oauth')
@Controller()
@UseFilters(OAuthErrorFilter)
export class OAuthController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    private readonly oauth: OAuthService,
  ) {}

  @Post(['oauth/token', 'auth/token'])
  @HttpCode(200)
  @ApiConsumes(FORM, 'application/json')
  @ApiBody({ schema: tokenBody })
  @ApiContract({
    id: 'oauth.token',
    summary: 'OAuth 2.0 token endpoint: the client_credentials grant for service accounts (client_secret_basic or client_secret_post)',
    success: { status: 200, description: 'An access token for the service account', schema: 'ClientToken' },
    problems: ['INVALID_CREDENTIALS', 'INVALID_SCOPE', 'UNSUPPORTED_GRANT_TYPE'],
    oauth: true,
    aliasIds: { '/auth/token': 'auth.token' },
  })
  token(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<TokenAnswer> {
    const params = oauthParams(body);
    const grant = param(params, 'grant_type');
    if (grant === undefined) throw new GatewayError('VALIDATION_FAILED', 'grant_type is required');
    if (grant !== 'client_credentials') throw new GatewayError('UNSUPPORTED_GRANT_TYPE', 'Only the client_credentials grant is offered here');
    const scope = param(params, 'scope');
    if (scope !== undefined && !SCOPE_PARAM.test(scope)) throw new GatewayError('INVALID_SCOPE', 'scope must be scope names separated by single spaces');
    const client = clientCredentials(req, params);
    return this.rpc.send(RPC.auth.clientCredentials, requestMeta(req, this.addresses), {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      ...(scope !== undefined ? { scope } : {}),
    });
  }

  @Post('oauth/introspect')
  @HttpCode(200)
  @ApiConsumes(FORM, 'application/json')
  @ApiBody({ schema: tokenParamBody })
  @ApiContract({
    id: 'oauth.introspect',
    summary: 'RFC 7662 token introspection; the caller authenticates as a service account with the scope tokens:introspect',
    success: { status: 200, description: 'The token’s state', schema: 'Introspection' },
    problems: ['INVALID_CREDENTIALS', 'INSUFFICIENT_SCOPE'],
    oauth: true,
  })
  async introspect(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<Introspection> {
    const params = oauthParams(body);
    const credentials = clientCredentials(req, params);
    const token = param(params, 'token');
    const meta = requestMeta(req, this.addresses);
    const client = await this.oauth.authenticate(credentials, 'introspect', meta);
    if (!client.scopes.includes('tokens:introspect')) throw new GatewayError('INSUFFICIENT_SCOPE', 'Introspection takes the scope tokens:introspect');
    if (token === undefined) throw new GatewayError('VALIDATION_FAILED', 'token is required');
    return this.oauth.introspect(token, { ...meta, actor: { type: 'service_account', id: client.id } });
  }

  @Post('oauth/revoke')
  @HttpCode(200)
  @ApiConsumes(FORM, 'application/json')
  @ApiBody({ schema: tokenParamBody })
  @ApiContract({
    id: 'oauth.revoke',
    summary: 'RFC 7009 token revocation (an access token, or a refresh token and its session); the token stops working everywhere within a second',
    success: { status: 200, description: 'Revoked (or unknown: RFC 7009 answers alike)', schema: 'Empty' },
    problems: ['INVALID_CREDENTIALS', 'FORBIDDEN'],
    oauth: true,
  })
  async revoke(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<Record<string, never>> {
    const params = oauthParams(body);
    const credentials = clientCredentials(req, params);
    const token = param(params, 'token');
    const meta = requestMeta(req, this.addresses);
    const client = await this.oauth.authenticate(credentials, 'revoke', meta);
    if (token === undefined) throw new GatewayError('VALIDATION_FAILED', 'token is required');
    await this.oauth.revoke(token, client, { ...meta, actor: { type: 'service_account', id: client.id } });
    return {};
  }
}
