import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import { GATEWAY_RPC } from '../gateway.tokens';
import { GatewayMetrics } from './gateway-metrics';
import { scrapePlatform } from './platform-scrape';
import { ApiContract } from '../http/openapi/api-contract.decorator';

/** The platform's metrics on the public port: login, lockout and token counts are not for everyone (scope metrics:read). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
  ) {}

  @Get()
  @Authenticated({ scope: 'metrics:read' })
  @ApiContract({
    id: 'metrics.get',
    summary: 'Prometheus metrics of the whole platform (every service, gathered over NATS)',
    success: { status: 200, description: 'Prometheus text exposition', contentTypes: ['text/plain; version=0.0.4; charset=utf-8'] },
  })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    void reply
      .header('Content-Type', this.metrics.registry.contentType)
      .header('Cache-Control', 'no-store')
      .send(await scrapePlatform(this.rpc, this.metrics));
  }
}
