/**
 * Starts the durable audit sinks with the service (the webhook when AUDIT_WEBHOOK_URL is set, OTLP
 * logs when OTEL_EXPORTER_OTLP_LOGS_ENDPOINT is), and stops them before the pool closes. Each keeps
 * its own position: one receiver being down never holds back the other.
 */
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LOGGER, SERVICE_CONFIG } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { AUDIT_DATA_SOURCE } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import type { DurableAuditSink } from './durable-audit-sink';
import type { OtlpLogsConfig } from './otlp-logs';
import { OtlpLogsSink } from './otlp-logs-sink';
import { WebhookSink, type WebhookSinkConfig } from './webhook-sink';

@Injectable()
export class AuditSinksLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly sinks: DurableAuditSink[] = [];

  constructor(
    @Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: WebhookSinkConfig & OtlpLogsConfig,
    private readonly metrics: AuditMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const { AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: secret, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: otlp } = this.config;
    if (url && secret)
      this.sinks.push(new WebhookSink(this.dataSource, { ...this.config, AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: secret }, this.metrics, this.logger));
    if (otlp) this.sinks.push(new OtlpLogsSink(this.dataSource, { ...this.config, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: otlp }, this.metrics, this.logger));
    for (const sink of this.sinks) {
      sink.start();
      this.logger.info({ sink: sink.name }, 'audit sink started');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.stop()));
  }
}
