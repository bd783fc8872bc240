import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { AdminUsersService } from './admin-users.service';
import type { CreateUserRequest, CreatedUser, ListUsersRequest, PasswordReset, ResetPasswordRequest, SetRolesRequest, UserIdRequest, UserPage } from './admin-users.types';

/** User administration over NATS; RpcProofGuard has verified the caller's own proof of the admin role. */
@Controller()
export class AdminUsersHandler {
  constructor(private readonly admin: AdminUsersService) {}

  @MessagePattern(RPC.user.list, Transport.NATS)
  list(@Payload() { data }: RpcEnvelope<ListUsersRequest>): Promise<UserPage> {
    return this.admin.list(data);
  }

  @MessagePattern(RPC.user.create, Transport.NATS)
  create(@Payload() { meta, data }: RpcEnvelope<CreateUserRequest>): Promise<CreatedUser> {
    return this.admin.create(data, meta);
  }

  @MessagePattern(RPC.user.delete, Transport.NATS)
  async delete(@Payload() { meta, data }: RpcEnvelope<UserIdRequest>): Promise<{ ok: true }> {
    await this.admin.delete(data, meta);
    return { ok: true };
  }

  @MessagePattern(RPC.user.setRoles, Transport.NATS)
  setRoles(@Payload() { meta, data }: RpcEnvelope<SetRolesRequest>): Promise<{ id: string; roles: string[]; changed: boolean }> {
    return this.admin.setRoles(data, meta);
  }

  @MessagePattern(RPC.user.unlock, Transport.NATS)
  unlock(@Payload() { meta, data }: RpcEnvelope<UserIdRequest>): Promise<{ unlocked: boolean }> {
    return this.admin.unlock(data, meta);
  }

  @MessagePattern(RPC.user.resetPassword, Transport.NATS)
  resetPassword(@Payload() { meta, data }: RpcEnvelope<ResetPasswordRequest>): Promise<PasswordReset> {
    return this.admin.resetPassword(data, meta);
  }
}
