import { Module, type DynamicModule } from '@nestjs/common';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import type { AuditRuntime } from './audit-runtime';
import { AuditModule } from './audit/audit.module';
import type { AuditMetrics } from './metrics/audit-metrics';
import { OperationsModule } from './operations/operations.module';

@Module({})
export class AuditServiceModule {
  static forRoot(deps: PlatformDeps, runtime: AuditRuntime, metrics: AuditMetrics): DynamicModule {
    return {
      module: AuditServiceModule,
      imports: [PlatformModule.forRoot(deps), AuditModule.forRoot(runtime, metrics), OperationsModule],
      controllers: [createPingController('audit-service')],
    };
  }
}
