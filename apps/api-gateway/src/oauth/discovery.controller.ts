/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414), also served at the OpenID Connect discovery
 * path that OIDC libraries look for: the subset that fits a first-party platform (client
 * credentials, introspection, revocation, the JWKS). Every URL is built from the issuer
 * (ISSUER_URL), which is the gateway's public URL, so a client that discovered the issuer finds
 * every endpoint under it.
 */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { GRANTABLE_SCOPES } from '@tr4ction/contracts';
import { tokenIssuer } from '@tr4ction/platform';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ApiContract } from '../http/openapi/api-contract.decorator';

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

export interface ServerMetadata {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  introspection_endpoint: string;
  revocation_endpoint: string;
  grant_types_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  introspection_endpoint_auth_methods_supported: string[];
  revocation_endpoint_auth_methods_supported: string[];
  scopes_supported: string[];
}

@ApiTags('oauth')
@Controller('.well-known')
export class DiscoveryController {
  private readonly metadata: ServerMetadata;

  constructor(@Inject(GATEWAY_CONFIG) config: { ISSUER_URL: string }) {
    const issuer = tokenIssuer(config);
    this.metadata = {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/oauth/token`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      scopes_supported: [...GRANTABLE_SCOPES],
    };
  }

  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiContract({
    id: 'discovery.openidConfiguration.get',
    summary: 'Discovery: the issuer and its endpoints (OpenID Connect discovery path)',
    success: { status: 200, description: 'Server metadata', schema: 'ServerMetadata' },
    gatewayOnly: true,
  })
  openidConfiguration(): ServerMetadata {
    return this.metadata;
  }

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiContract({
    id: 'discovery.oauthAuthorizationServer.get',
    summary: 'Discovery: the issuer and its endpoints (RFC 8414 path)',
    success: { status: 200, description: 'Server metadata', schema: 'ServerMetadata' },
    gatewayOnly: true,
  })
  authorizationServer(): ServerMetadata {
    return this.metadata;
  }
}
