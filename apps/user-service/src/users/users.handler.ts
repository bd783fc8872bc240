import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { UsersService } from './users.service';
import type { ChangePasswordRequest, PublicUser, RegisterRequest } from './users.types';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @RpcHandler(RPC.user.register)
  register(@Payload() { meta, data }: RpcEnvelope<RegisterRequest>): Promise<PublicUser> {
    return this.users.register(data, meta);
  }

  @RpcHandler(RPC.user.changePassword)
  async changePassword(@Payload() { meta, data }: RpcEnvelope<ChangePasswordRequest>): Promise<{ ok: true }> {
    await this.users.changePassword(data, meta);
    return { ok: true };
  }

  @RpcHandler(RPC.user.me)
  me(@Payload() { data }: RpcEnvelope<{ user_id: string }>): Promise<PublicUser> {
    return this.users.me(data.user_id);
  }

  @RpcHandler(RPC.user.sessionUser)
  sessionUser(@Payload() { data }: RpcEnvelope<{ user_id: string }>): Promise<PublicUser> {
    return this.users.me(data.user_id);
  }
}
