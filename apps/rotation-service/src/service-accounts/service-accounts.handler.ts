import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { ServiceAccountsService } from './service-accounts.service';
import type {
  CreatedServiceAccount,
  CreateServiceAccountRequest,
  RotatedServiceAccountSecret,
  ServiceAccountView,
  VerifiedClient,
  VerifyClientRequest,
} from './service-accounts.types';

@Controller()
export class ServiceAccountsHandler {
  constructor(private readonly accounts: ServiceAccountsService) {}

  @RpcHandler(RPC.rotation.listServiceAccounts)
  async list(): Promise<{ items: ServiceAccountView[] }> {
    return { items: await this.accounts.list() };
  }

  @RpcHandler(RPC.rotation.createServiceAccount)
  create(@Payload() { meta, data }: RpcEnvelope<CreateServiceAccountRequest>): Promise<CreatedServiceAccount> {
    return this.accounts.create(data, meta);
  }

  @RpcHandler(RPC.rotation.rotateServiceAccount)
  rotate(@Payload() { meta, data }: RpcEnvelope<{ id: string }>): Promise<RotatedServiceAccountSecret> {
    return this.accounts.rotate(data.id, meta);
  }

  @RpcHandler(RPC.rotation.revokeServiceAccount)
  revoke(@Payload() { meta, data }: RpcEnvelope<{ id: string; reason?: string }>): Promise<ServiceAccountView> {
    return this.accounts.revoke(data.id, data.reason, meta);
  }

  @RpcHandler(RPC.rotation.verifyClient)
  verify(@Payload() { data }: RpcEnvelope<VerifyClientRequest>): Promise<VerifiedClient> {
    return this.accounts.verify(data);
  }
}
