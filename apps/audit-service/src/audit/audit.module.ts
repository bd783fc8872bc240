import { Module } from '@nestjs/common';
import { AuditHandler } from './audit.handler';
import { AuditProjectionService } from './audit-projection.service';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';

@Module({
  controllers: [AuditHandler],
  providers: [AuditRepository, AuditProjectionService, AuditQueryService],
  exports: [AuditProjectionService],
})
export class AuditModule {}
