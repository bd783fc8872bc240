/**
 * The gateway's OpenAPI document, built from its code without running it: the gateway module is
 * created with stand-in dependencies (nothing is called; Nest only reads routes and decorators),
 * exactly as /docs-json builds it at boot.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule, type GatewayDeps } from '../../apps/api-gateway/src/gateway.module';
import { GatewayMetrics } from '../../apps/api-gateway/src/metrics/gateway-metrics';
import { buildOpenApi } from '../../apps/api-gateway/src/http/openapi';

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;

export async function buildGatewayOpenApi(): Promise<OpenApiDocument> {
  const standIns = {
    config: { ISSUER_URL: 'http://localhost:8000' },
    logger: { info: () => undefined },
    metrics: new GatewayMetrics(),
  } as unknown as GatewayDeps;
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(standIns), new FastifyAdapter(), { logger: false });
  try {
    // A plain JSON copy: what /docs-json serves, with nothing Nest keeps by reference.
    return JSON.parse(JSON.stringify(buildOpenApi(app))) as OpenApiDocument;
  } finally {
    await app.close();
  }
}
