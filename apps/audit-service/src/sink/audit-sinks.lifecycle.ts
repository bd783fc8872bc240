/** Starts the webhook sink with the service when AUDIT_WEBHOOK_URL is set, and stops it before the pool closes. */
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LOGGER, SERVICE_CONFIG } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { AUDIT_DATA_SOURCE } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { WebhookSink, type WebhookSinkConfig } from './webhook-sink';

@Injectable()
export class WebhookSinkLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private sink?: WebhookSink;

  constructor(
    @Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: WebhookSinkConfig,
    private readonly metrics: AuditMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const { AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: secret } = this.config;
    if (!url || !secret) return;
    this.sink = new WebhookSink(this.dataSource, { ...this.config, AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: secret }, this.metrics, this.logger);
    this.sink.start();
    this.logger.info({ batch: this.config.AUDIT_WEBHOOK_BATCH }, 'audit webhook sink started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sink?.stop();
  }
}
