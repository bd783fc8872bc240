import { Controller, type Type } from '@nestjs/common';
import { RPC, type SERVICES } from '@tr4ction/contracts';
import { processMetricsExposition, type MetricsExposition } from '@tr4ction/telemetry';
import { RpcHandler } from '@tr4ction/messaging';

/**
 * The process's Prometheus registry over request/reply: services listen on NATS only, so the
 * gateway's /metrics asks each of them and merges the answers under a `service` label.
 */
export function createMetricsController(service: (typeof SERVICES)[number]): Type<unknown> {
  @Controller()
  class MetricsController {
    @RpcHandler(RPC.metrics(service))
    scrape(): Promise<MetricsExposition> {
      return processMetricsExposition();
    }
  }
  return MetricsController;
}
