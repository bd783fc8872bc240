import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type MfaChallengeRequest, type WebauthnLoginOptionsRequest, type WebauthnOptionsJson } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { LoginService } from './login.service';
import type { TokenPair } from '../tokens/session.service';
import type { LoginRequest, LoginResponse } from './login.types';

@Controller()
export class LoginHandler {
  constructor(private readonly login: LoginService) {}

  @RpcHandler(RPC.auth.login)
  handle(@Payload() { meta, data }: RpcEnvelope<LoginRequest>): Promise<LoginResponse> {
    return this.login.login(data, meta);
  }

  @RpcHandler(RPC.auth.mfaChallenge)
  challenge(@Payload() { meta, data }: RpcEnvelope<MfaChallengeRequest>): Promise<TokenPair> {
    return this.login.challenge(data, meta);
  }

  @RpcHandler(RPC.auth.mfaWebauthnOptions)
  webauthnOptions(@Payload() { meta, data }: RpcEnvelope<WebauthnLoginOptionsRequest>): Promise<WebauthnOptionsJson> {
    return this.login.webauthnOptions(data, meta);
  }
}
