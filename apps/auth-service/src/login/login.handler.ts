import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type MfaChallengeRequest, type WebauthnLoginOptionsRequest, type WebauthnOptionsJson } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { LoginService } from './login.service';
import type { TokenPair } from '../tokens/session.service';
import type { LoginRequest, LoginResponse } from './login.types';

@Controller()
export class LoginHandler {
  constructor(private readonly login: LoginService) {}

  @MessagePattern(RPC.auth.login, Transport.NATS)
  handle(@Payload() { meta, data }: RpcEnvelope<LoginRequest>): Promise<LoginResponse> {
    return this.login.login(data, meta);
  }

  @MessagePattern(RPC.auth.mfaChallenge, Transport.NATS)
  challenge(@Payload() { meta, data }: RpcEnvelope<MfaChallengeRequest>): Promise<TokenPair> {
    return this.login.challenge(data, meta);
  }

  @MessagePattern(RPC.auth.mfaWebauthnOptions, Transport.NATS)
  webauthnOptions(@Payload() { meta, data }: RpcEnvelope<WebauthnLoginOptionsRequest>): Promise<WebauthnOptionsJson> {
    return this.login.webauthnOptions(data, meta);
  }
}
