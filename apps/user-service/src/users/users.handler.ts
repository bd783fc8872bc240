import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { UsersService } from './users.service';
import type { ChangePasswordRequest, PublicUser, RegisterRequest } from './users.types';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(RPC.user.register, Transport.NATS)
  register(@Payload() { meta, data }: RpcEnvelope<RegisterRequest>): Promise<PublicUser> {
    return this.users.register(data, meta);
  }

  @MessagePattern(RPC.user.changePassword, Transport.NATS)
  async changePassword(@Payload() { meta, data }: RpcEnvelope<ChangePasswordRequest>): Promise<{ ok: true }> {
    await this.users.changePassword(data, meta);
    return { ok: true };
  }

  @MessagePattern(RPC.user.me, Transport.NATS)
  me(@Payload() { data }: RpcEnvelope<{ user_id: string }>): Promise<PublicUser> {
    return this.users.me(data.user_id);
  }

  @MessagePattern(RPC.user.sessionUser, Transport.NATS)
  sessionUser(@Payload() { data }: RpcEnvelope<{ user_id: string }>): Promise<PublicUser> {
    return this.users.me(data.user_id);
  }
}
