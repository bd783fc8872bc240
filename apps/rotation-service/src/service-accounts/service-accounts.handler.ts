import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
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

  @MessagePattern(RPC.rotation.listServiceAccounts, Transport.NATS)
  async list(): Promise<{ items: ServiceAccountView[] }> {
    return { items: await this.accounts.list() };
  }

  @MessagePattern(RPC.rotation.createServiceAccount, Transport.NATS)
  create(@Payload() { meta, data }: RpcEnvelope<CreateServiceAccountRequest>): Promise<CreatedServiceAccount> {
    return this.accounts.create(data, meta);
  }

  @MessagePattern(RPC.rotation.rotateServiceAccount, Transport.NATS)
  rotate(@Payload() { meta, data }: RpcEnvelope<{ id: string }>): Promise<RotatedServiceAccountSecret> {
    return this.accounts.rotate(data.id, meta);
  }

  @MessagePattern(RPC.rotation.revokeServiceAccount, Transport.NATS)
  revoke(@Payload() { meta, data }: RpcEnvelope<{ id: string; reason?: string }>): Promise<ServiceAccountView> {
    return this.accounts.revoke(data.id, data.reason, meta);
  }

  @MessagePattern(RPC.rotation.verifyClient, Transport.NATS)
  verify(@Payload() { data }: RpcEnvelope<VerifyClientRequest>): Promise<VerifiedClient> {
    return this.accounts.verify(data);
  }
}
