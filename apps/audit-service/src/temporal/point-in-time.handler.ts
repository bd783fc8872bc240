import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type AsOfUsersRequest } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { PointInTimeService } from './point-in-time.service';

/** The point-in-time patterns; the proof rule (admin or auditor, `audit:read`, operators) is checked before these run. */
@Controller()
export class PointInTimeHandler {
  constructor(private readonly pit: PointInTimeService) {}

  @MessagePattern(RPC.audit.asOf.users, Transport.NATS)
  users(@Payload() { meta, data }: RpcEnvelope<Partial<AsOfUsersRequest>>) {
    return this.pit.users(data, meta);
  }

  @MessagePattern(RPC.audit.asOf.user, Transport.NATS)
  user(@Payload() { meta, data }: RpcEnvelope<{ user_id?: unknown; as_of?: unknown }>) {
    return this.pit.user(data, meta);
  }

  @MessagePattern(RPC.audit.asOf.userHistory, Transport.NATS)
  userHistory(@Payload() { meta, data }: RpcEnvelope<{ user_id?: unknown; cursor?: unknown; limit?: unknown }>) {
    return this.pit.userHistory(data, meta);
  }

  @MessagePattern(RPC.audit.asOf.settings, Transport.NATS)
  settings(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.settings(data, meta);
  }

  @MessagePattern(RPC.audit.asOf.keys, Transport.NATS)
  keys(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.keys(data, meta);
  }

  @MessagePattern(RPC.audit.asOf.serviceAccounts, Transport.NATS)
  serviceAccounts(@Payload() { meta, data }: RpcEnvelope<{ as_of?: unknown }>) {
    return this.pit.serviceAccounts(data, meta);
  }
}
