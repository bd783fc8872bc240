import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type BackupCompletedRequest, type OperationRecorded, type RestoreCompletedRequest } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { OperationsService } from './operations.service';

@Controller()
export class OperationsHandler {
  constructor(private readonly operations: OperationsService) {}

  @RpcHandler(RPC.ops.backupCompleted)
  backupCompleted(@Payload() { meta, data }: RpcEnvelope<BackupCompletedRequest>): Promise<OperationRecorded> {
    return this.operations.backupCompleted(meta, data);
  }

  @RpcHandler(RPC.ops.restoreCompleted)
  restoreCompleted(@Payload() { meta, data }: RpcEnvelope<RestoreCompletedRequest>): Promise<OperationRecorded> {
    return this.operations.restoreCompleted(meta, data);
  }
}
