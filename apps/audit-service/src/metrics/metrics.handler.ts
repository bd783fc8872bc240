import { Controller } from '@nestjs/common';
import { MessagePattern, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import { AuditMetrics } from './audit-metrics';

/** The service's Prometheus text over request/reply, for the gateway's /metrics to gather. */
@Controller()
export class MetricsHandler {
  constructor(private readonly metrics: AuditMetrics) {}

  @MessagePattern(RPC.audit.metrics, Transport.NATS)
  scrape(): Promise<{ content_type: string; text: string }> {
    return this.metrics.exposition();
  }
}
