/**
 * Route by route, the OpenAPI document states exactly the scope table of libs/contracts
 * (ROUTE_SCOPES): each protected operation requires the one OAuth scheme with the route's scope.
 * Every other operation is public on purpose and listed here, so a new route must either declare a
 * scope or be added to PUBLIC_ROUTES deliberately. The gateway module is built with fake
 * dependencies (nothing is called): only its routes and decorators are read.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GRANTABLE_SCOPES, ROUTE_SCOPES, SELF } from '@tr4ction/contracts';
import { GatewayModule, type GatewayDeps } from '../gateway.module';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { buildOpenApi } from './openapi';

const PUBLIC_ROUTES = [
  'POST /auth/register',
  'POST /auth/login',
  'POST /auth/mfa/challenge',
  'POST /auth/mfa/webauthn/authentication-options',
  'POST /auth/refresh',
  'POST /auth/token',
  'GET /.well-known/jwks.json',
  // The OAuth endpoints authenticate the client itself (Basic or body), not a bearer token.
  'POST /oauth/token',
  'POST /oauth/introspect',
  'POST /oauth/revoke',
  'GET /.well-known/openid-configuration',
  'GET /.well-known/oauth-authorization-server',
  'GET /health',
  'GET /health/ready',
];

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

describe('OpenAPI scopes', () => {
  let app: NestFastifyApplication;
  let doc: ReturnType<typeof buildOpenApi>;

  beforeAll(async () => {
    const fakeDeps = {
      config: { ISSUER_URL: 'http://localhost:8000' },
      logger: { info: () => undefined },
      metrics: new GatewayMetrics(),
    } as unknown as GatewayDeps;
    app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(fakeDeps), new FastifyAdapter(), { logger: false });
    doc = buildOpenApi(app);
  });

  afterAll(async () => {
    await app.close();
  });

  function operations(): Array<{ key: string; security: Array<Record<string, string[]>> | undefined }> {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({
        key: `${m.toUpperCase()} ${path}`,
        security: item[m]?.security as Array<Record<string, string[]>> | undefined,
      })),
    );
  }

  it('requires, for each protected operation, exactly the scope of the table', () => {
    const documented = Object.fromEntries(
      operations()
        .filter((op) => op.security?.length)
        .map((op) => {
          expect({ op: op.key, security: op.security }).toEqual({ op: op.key, security: [{ oauth2: expect.any(Array) }] });
          const scopes = op.security?.[0]?.oauth2 ?? [];
          expect(scopes.length).toBeLessThanOrEqual(1);
          return [op.key, scopes[0] ?? SELF];
        }),
    );
    expect(documented).toEqual(ROUTE_SCOPES);
  });

  it('leaves public only the routes meant to be public', () => {
    expect(
      operations()
        .filter((op) => !op.security?.length)
        .map((op) => op.key)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('describes the oauth2 scheme with every grantable scope and the token endpoint', () => {
    const scheme = doc.components?.securitySchemes?.oauth2 as {
      type: string;
      flows: { clientCredentials: { tokenUrl: string; scopes: Record<string, string> } };
    };
    expect(scheme.type).toBe('oauth2');
    expect(Object.keys(scheme.flows.clientCredentials.scopes).sort()).toEqual([...GRANTABLE_SCOPES].sort());
    expect(Object.keys(scheme.flows.clientCredentials.scopes)).not.toContain('password:change');
  });
});
