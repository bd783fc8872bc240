import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type DefaultAccountsReport } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import type { VerifiedUser, VerifyCredentialsRequest } from '../users/users.types';
import { CredentialsService } from './credentials.service';
import { DefaultAccountsService } from './default-accounts';

@Controller()
export class CredentialsHandler {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly defaults: DefaultAccountsService,
  ) {}

  @RpcHandler(RPC.user.verifyCredentials)
  verifyCredentials(@Payload() { meta, data }: RpcEnvelope<VerifyCredentialsRequest>): Promise<VerifiedUser> {
    return this.credentials.verifyCredentials(data, meta);
  }

  @RpcHandler(RPC.user.defaultAccounts)
  defaultAccounts(): Promise<DefaultAccountsReport> {
    return this.defaults.report();
  }
}
