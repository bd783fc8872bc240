import { Controller } from '@nestjs/common';
import { RPC } from '@tr4ction/contracts';
import { AuditMetrics } from './audit-metrics';
import { RpcHandler } from '@tr4ction/messaging';

/** The service's Prometheus text over request/reply, for the gateway's /metrics to gather. */
@Controller()
export class MetricsHandler {
  constructor(private readonly metrics: AuditMetrics) {}

  @RpcHandler(RPC.audit.metrics)
  scrape(): Promise<{ content_type: string; text: string }> {
    return this.metrics.exposition();
  }
}
