import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import type { VerifiedUser, VerifyCredentialsRequest } from '../users/users.types';
import { CredentialsService } from './credentials.service';

@Controller()
export class CredentialsHandler {
  constructor(private readonly credentials: CredentialsService) {}

  @RpcHandler(RPC.user.verifyCredentials)
  verifyCredentials(@Payload() { meta, data }: RpcEnvelope<VerifyCredentialsRequest>): Promise<VerifiedUser> {
    return this.credentials.verifyCredentials(data, meta);
  }
}
