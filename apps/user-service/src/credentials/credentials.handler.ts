import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import type { VerifiedUser, VerifyCredentialsRequest } from '../users/users.types';
import { CredentialsService } from './credentials.service';

@Controller()
export class CredentialsHandler {
  constructor(private readonly credentials: CredentialsService) {}

  @MessagePattern(RPC.user.verifyCredentials, Transport.NATS)
  verifyCredentials(@Payload() { meta, data }: RpcEnvelope<VerifyCredentialsRequest>): Promise<VerifiedUser> {
    return this.credentials.verifyCredentials(data, meta);
  }
}
