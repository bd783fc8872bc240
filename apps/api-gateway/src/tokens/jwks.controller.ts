import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GATEWAY_CONFIG, TOKEN_STATE } from '../gateway.tokens';
import { GatewayError } from '../http/problem';
import type { GatewayTokenState } from './token-state';
import { ApiContract } from '../http/openapi/api-contract.decorator';

/** Served from the gateway's in-memory key set: no service is asked per request. */
@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
    @Inject(GATEWAY_CONFIG) private readonly config: { JWKS_CACHE_SECONDS: number },
  ) {}

  @Get('jwks.json')
  @ApiContract({
    id: 'discovery.jwks.get',
    summary: 'Public keys that verify access tokens: the next key, the active key and every key that may still verify a live token',
    success: { status: 200, description: 'The JSON Web Key Set', schema: 'Jwks' },
    problems: ['SERVICE_UNAVAILABLE'],
    gatewayOnly: true,
  })
  jwks(@Res() reply: FastifyReply): void {
    if (!this.tokens.status().keys) throw new GatewayError('SERVICE_UNAVAILABLE', 'The key set is still loading; retry shortly');
    // Verifiers may cache this long; rotation-service publishes a new key at least this long before it signs.
    void reply.header('Cache-Control', `public, max-age=${this.config.JWKS_CACHE_SECONDS}`).header('Content-Type', 'application/json').send(this.tokens.jwks());
  }
}
