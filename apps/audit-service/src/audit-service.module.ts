import { Module, type DynamicModule } from '@nestjs/common';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import { AuditModule } from './audit/audit.module';
import { OperationsModule } from './operations/operations.module';

@Module({})
export class AuditServiceModule {
  static forRoot(deps: PlatformDeps): DynamicModule {
    return { module: AuditServiceModule, imports: [PlatformModule.forRoot(deps), AuditModule, OperationsModule], controllers: [createPingController('audit-service')] };
  }
}
