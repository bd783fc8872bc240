import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RPC,
  type ConfirmTotpRequest,
  type MfaConfirmed,
  type MfaResetDone,
  type MfaResetRequest,
  type MfaStatus,
  type MfaUserRequest,
  type MfaVerifyRequest,
  type RecoveryCodes,
  type RemoveFactorRequest,
  type StartTotpRequest,
  type TotpEnrolment,
  type RegisterWebauthnRequest,
  type VerifiedUser,
  type WebauthnOptionsJson,
  type WebauthnRegistered,
} from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { MfaChallengeService } from './mfa-challenge.service';
import { MfaService } from './mfa.service';
import { WebauthnService } from './webauthn.service';

@Controller()
export class MfaHandler {
  constructor(
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengeService,
    private readonly webauthn: WebauthnService,
  ) {}

  @RpcHandler(RPC.user.mfa.webauthnRegistrationOptions)
  webauthnRegistrationOptions(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<WebauthnOptionsJson> {
    return this.webauthn.registrationOptions(data);
  }

  @RpcHandler(RPC.user.mfa.webauthnRegister)
  webauthnRegister(@Payload() { meta, data }: RpcEnvelope<RegisterWebauthnRequest>): Promise<WebauthnRegistered> {
    return this.webauthn.register(data, meta);
  }

  @RpcHandler(RPC.user.mfa.webauthnAuthenticationOptions)
  webauthnAuthenticationOptions(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<WebauthnOptionsJson> {
    return this.webauthn.authenticationOptions(data);
  }

  @RpcHandler(RPC.user.mfa.status)
  status(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<MfaStatus> {
    return this.mfa.status(data);
  }

  @RpcHandler(RPC.user.mfa.startTotp)
  startTotp(@Payload() { data }: RpcEnvelope<StartTotpRequest>): Promise<TotpEnrolment> {
    return this.mfa.startTotp(data);
  }

  @RpcHandler(RPC.user.mfa.confirmTotp)
  confirmTotp(@Payload() { meta, data }: RpcEnvelope<ConfirmTotpRequest>): Promise<MfaConfirmed> {
    return this.mfa.confirmTotp(data, meta);
  }

  @RpcHandler(RPC.user.mfa.remove)
  async remove(@Payload() { meta, data }: RpcEnvelope<RemoveFactorRequest>): Promise<{ ok: true }> {
    await this.mfa.remove(data, meta);
    return { ok: true };
  }

  @RpcHandler(RPC.user.mfa.regenerateRecoveryCodes)
  regenerate(@Payload() { meta, data }: RpcEnvelope<MfaUserRequest>): Promise<RecoveryCodes> {
    return this.mfa.regenerateRecoveryCodes(data, meta);
  }

  @RpcHandler(RPC.user.mfa.verify)
  verify(@Payload() { meta, data }: RpcEnvelope<MfaVerifyRequest>): Promise<VerifiedUser> {
    return this.challenges.verify(data, meta);
  }

  @RpcHandler(RPC.user.mfa.reset)
  reset(@Payload() { meta, data }: RpcEnvelope<MfaResetRequest>): Promise<MfaResetDone> {
    return this.mfa.reset(data, meta);
  }
}
