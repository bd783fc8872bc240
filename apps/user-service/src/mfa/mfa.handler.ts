import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
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
import type { RpcEnvelope } from '@tr4ction/messaging';
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

  @MessagePattern(RPC.user.mfa.webauthnRegistrationOptions, Transport.NATS)
  webauthnRegistrationOptions(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<WebauthnOptionsJson> {
    return this.webauthn.registrationOptions(data);
  }

  @MessagePattern(RPC.user.mfa.webauthnRegister, Transport.NATS)
  webauthnRegister(@Payload() { meta, data }: RpcEnvelope<RegisterWebauthnRequest>): Promise<WebauthnRegistered> {
    return this.webauthn.register(data, meta);
  }

  @MessagePattern(RPC.user.mfa.webauthnAuthenticationOptions, Transport.NATS)
  webauthnAuthenticationOptions(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<WebauthnOptionsJson> {
    return this.webauthn.authenticationOptions(data);
  }

  @MessagePattern(RPC.user.mfa.status, Transport.NATS)
  status(@Payload() { data }: RpcEnvelope<MfaUserRequest>): Promise<MfaStatus> {
    return this.mfa.status(data);
  }

  @MessagePattern(RPC.user.mfa.startTotp, Transport.NATS)
  startTotp(@Payload() { data }: RpcEnvelope<StartTotpRequest>): Promise<TotpEnrolment> {
    return this.mfa.startTotp(data);
  }

  @MessagePattern(RPC.user.mfa.confirmTotp, Transport.NATS)
  confirmTotp(@Payload() { meta, data }: RpcEnvelope<ConfirmTotpRequest>): Promise<MfaConfirmed> {
    return this.mfa.confirmTotp(data, meta);
  }

  @MessagePattern(RPC.user.mfa.remove, Transport.NATS)
  async remove(@Payload() { meta, data }: RpcEnvelope<RemoveFactorRequest>): Promise<{ ok: true }> {
    await this.mfa.remove(data, meta);
    return { ok: true };
  }

  @MessagePattern(RPC.user.mfa.regenerateRecoveryCodes, Transport.NATS)
  regenerate(@Payload() { meta, data }: RpcEnvelope<MfaUserRequest>): Promise<RecoveryCodes> {
    return this.mfa.regenerateRecoveryCodes(data, meta);
  }

  @MessagePattern(RPC.user.mfa.verify, Transport.NATS)
  verify(@Payload() { meta, data }: RpcEnvelope<MfaVerifyRequest>): Promise<VerifiedUser> {
    return this.challenges.verify(data, meta);
  }

  @MessagePattern(RPC.user.mfa.reset, Transport.NATS)
  reset(@Payload() { meta, data }: RpcEnvelope<MfaResetRequest>): Promise<MfaResetDone> {
    return this.mfa.reset(data, meta);
  }
}
