import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RpcClient } from '@tr4ction/messaging';
import { GATEWAY_RPC } from '../gateway.tokens';
import { GatewayMetrics } from './gateway-metrics';
import { scrapePlatform } from './platform-scrape';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
  ) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    void reply.header('Content-Type', this.metrics.registry.contentType).header('Cache-Control', 'no-store').send(await scrapePlatform(this.rpc, this.metrics));
  }
}
