import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type BackupCompletedRequest, type OperationRecorded, type RestoreCompletedRequest } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { OperationsService } from './operations.service';

@Controller()
export class OperationsHandler {
  constructor(private readonly operations: OperationsService) {}

  @MessagePattern(RPC.ops.backupCompleted, Transport.NATS)
  backupCompleted(@Payload() { meta, data }: RpcEnvelope<BackupCompletedRequest>): Promise<OperationRecorded> {
    return this.operations.backupCompleted(meta, data);
  }

  @MessagePattern(RPC.ops.restoreCompleted, Transport.NATS)
  restoreCompleted(@Payload() { meta, data }: RpcEnvelope<RestoreCompletedRequest>): Promise<OperationRecorded> {
    return this.operations.restoreCompleted(meta, data);
  }
}
