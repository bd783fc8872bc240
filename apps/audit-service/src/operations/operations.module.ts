import { Module } from '@nestjs/common';
import { OperationsHandler } from './operations.handler';
import { OperationsService } from './operations.service';

/** Operator actions done outside the services (backups, restores), recorded as events by the CLI's request. */
@Module({
  controllers: [OperationsHandler],
  providers: [OperationsService],
})
export class OperationsModule {}
