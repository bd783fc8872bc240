/**
 * The OpenAPI document served at /docs-json. Every protected operation carries a security
 * requirement naming the one OAuth 2.0 scheme with the scope it needs (`[{ oauth2: ['audit:read'] }]`;
 * `[]` scopes for the routes on the caller's own account). An oauth2 scheme rather than bearer +
 * an `x-required-scopes` extension: OpenAPI gives scopes meaning only in oauth2 / openIdConnect
 * requirements, so Swagger UI, linters and client generators understand them without a plugin,
 * and both kinds of token (a user's from /auth/login, a service account's from the token
 * endpoint) are OAuth bearer tokens whose `scope` claim the gateway checks.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { GRANTABLE_SCOPES, SCOPE_DESCRIPTIONS } from '@tr4ction/contracts';
import { OAUTH2_SCHEME } from '../auth/authenticated.decorator';
import { completeOpenApi } from './openapi/complete-openapi';

export const TOKEN_ENDPOINT_PATH = '/oauth/token';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const scopes = Object.fromEntries(GRANTABLE_SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]]));
  const config = new DocumentBuilder()
    .setTitle('TR4CTION credentials platform')
    .setDescription('The HTTP API of the gateway. Generated from the code (docs/api/openapi.json); the readable reference is docs/api.md.')
    .setVersion('0.1.0')
    .setOpenAPIVersion('3.1.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: the document describes whichever gateway serves it (ISSUER_URL is its public address).
    .addServer('/', 'The gateway serving this document')
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'Bearer access tokens: a user’s (POST /auth/login; its scopes come from the roles) or a service account’s (client_credentials; the scopes granted to it). Each operation lists the scope it needs; without it: 403 INSUFFICIENT_SCOPE.',
        flows: { clientCredentials: { tokenUrl: TOKEN_ENDPOINT_PATH, scopes } },
      },
      OAUTH2_SCHEME,
    )
    .build();
  return completeOpenApi(SwaggerModule.createDocument(app, config));
}
