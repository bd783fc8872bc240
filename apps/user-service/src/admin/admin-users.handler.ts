import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { AdminUsersService } from './admin-users.service';
import type {
  CreateUserRequest,
  CreatedUser,
  ListUsersRequest,
  PasswordReset,
  ResetPasswordRequest,
  SetRolesRequest,
  UserIdRequest,
  UserPage,
} from './admin-users.types';

/** User administration over NATS; RpcProofGuard has verified the caller's own proof of the admin role. */
@Controller()
export class AdminUsersHandler {
  constructor(private readonly admin: AdminUsersService) {}

  @RpcHandler(RPC.user.list)
  list(@Payload() { data }: RpcEnvelope<ListUsersRequest>): Promise<UserPage> {
    return this.admin.list(data);
  }

  @RpcHandler(RPC.user.create)
  create(@Payload() { meta, data }: RpcEnvelope<CreateUserRequest>): Promise<CreatedUser> {
    return this.admin.create(data, meta);
  }

  @RpcHandler(RPC.user.delete)
  async delete(@Payload() { meta, data }: RpcEnvelope<UserIdRequest>): Promise<{ ok: true }> {
    await this.admin.delete(data, meta);
    return { ok: true };
  }

  @RpcHandler(RPC.user.setRoles)
  setRoles(@Payload() { meta, data }: RpcEnvelope<SetRolesRequest>): Promise<{ id: string; roles: string[]; changed: boolean }> {
    return this.admin.setRoles(data, meta);
  }

  @RpcHandler(RPC.user.unlock)
  unlock(@Payload() { meta, data }: RpcEnvelope<UserIdRequest>): Promise<{ unlocked: boolean }> {
    return this.admin.unlock(data, meta);
  }

  @RpcHandler(RPC.user.resetPassword)
  resetPassword(@Payload() { meta, data }: RpcEnvelope<ResetPasswordRequest>): Promise<PasswordReset> {
    return this.admin.resetPassword(data, meta);
  }
}
