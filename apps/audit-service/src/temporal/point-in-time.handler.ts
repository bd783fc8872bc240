import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type AsOfUsersRequest } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { PointInTimeService } from './point-in-time.service';

/** The point-in-time patterns; the proof rule (admin or auditor, `audit:read`, operators) is checked before these run. */
@Controller()
export class PointInTimeHandler {
  constructor(private readonly pit: PointInTimeService) {}

  @RpcHandler(RPC.audit.asOf.users)
  users(@Payload() { meta, data }: RpcEnvelope<Partial<AsOfUsersRequest>>) {
    return this.pit.users(data, meta);
  }

  @RpcHandler(RPC.audit.asOf.user)
  user(@Payload() { meta, data }: RpcEnvelope<{ user_id?: unknown; as_of?: unknown }>) {
    return this.pit.user(data, meta);
  }

  @RpcHandler(RPC.audit.asOf.userHistory)
  userHistory(@Payload() { meta, data }: RpcEnvelope<{ user_id?: unknown; cursor?: unknown; limit?: unknown }>) {
    return this.pit.userHistory(data, meta);
  }

  @RpcHandler(RPC.audit.asOf.settings)
  settings(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.settings(data, meta);
  }

  @RpcHandler(RPC.audit.asOf.keys)
  keys(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.keys(data, meta);
  }

  @RpcHandler(RPC.audit.asOf.serviceAccounts)
  serviceAccounts(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.serviceAccounts(data, meta);
  }
}
