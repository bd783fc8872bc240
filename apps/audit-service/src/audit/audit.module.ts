import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditRuntime } from '../audit-runtime';
import { CHECKPOINT_KEYS } from '../checkpoint/checkpoint-keys';
import { CHECKPOINT_KEY_LOADER, CheckpointKeyReloader } from '../checkpoint/checkpoint-key.reloader';
import { CheckpointRepository } from '../checkpoint/checkpoint.repository';
import { CheckpointService } from '../checkpoint/checkpoint.service';
import { CheckpointStreamReader } from '../checkpoint/checkpoint-stream.reader';
import type { UnitOfWork } from '@tr4ction/messaging';
import { UNIT_OF_WORK } from '@tr4ction/platform';
import { AUDIT_DATA_SOURCE, AUDIT_UNIT_OF_WORK } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { MetricsHandler } from '../metrics/metrics.handler';
import { AuditSinksLifecycle } from '../sink/audit-sinks.lifecycle';
import { PointInTimeHandler } from '../temporal/point-in-time.handler';
import { PointInTimeService } from '../temporal/point-in-time.service';
import { AuditVerificationService } from '../verification/audit-verification.service';
import { AuditHandler } from './audit.handler';
import { AuditProjectionService } from './audit-projection.service';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';

/** Closes the restricted pool once Nest has stopped the consumer and the RPC handlers. */
@Injectable()
class AuditDataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class AuditModule {
  static forRoot(runtime: AuditRuntime, metrics: AuditMetrics): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditHandler, MetricsHandler, PointInTimeHandler],
      providers: [
        { provide: AUDIT_DATA_SOURCE, useValue: runtime.dataSource },
        { provide: AUDIT_UNIT_OF_WORK, useFactory: (work: UnitOfWork) => work.on(runtime.dataSource), inject: [UNIT_OF_WORK] },
        { provide: CHECKPOINT_KEYS, useValue: runtime.keys },
        { provide: CHECKPOINT_KEY_LOADER, useValue: runtime.loadKeys },
        CheckpointKeyReloader,
        { provide: AuditMetrics, useValue: metrics },
        AuditDataSourceCloser,
        AuditRepository,
        CheckpointRepository,
        CheckpointService,
        CheckpointStreamReader,
        AuditVerificationService,
        AuditProjectionService,
        AuditQueryService,
        PointInTimeService,
        AuditSinksLifecycle,
      ],
      exports: [AuditProjectionService],
    };
  }
}
