import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type MasterKeyRotationOutcome } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { MasterKeyRotation } from './master-key.rotation';
import { SigningKeysService } from './signing-keys.service';
import type { EncryptedSigningKey, PublicSigningKeyView, RotationOutcome, SigningKeyView } from './signing-keys.types';

@Controller()
export class SigningKeysHandler {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly masterKey: MasterKeyRotation,
  ) {}

  @MessagePattern(RPC.rotation.publicKeys, Transport.NATS)
  async publicKeys(): Promise<{ keys: PublicSigningKeyView[] }> {
    return { keys: await this.keys.publicKeys() };
  }

  @MessagePattern(RPC.rotation.activeSigningKey, Transport.NATS)
  activeSigningKey(): Promise<EncryptedSigningKey> {
    return this.keys.activeSigningKey();
  }

  @MessagePattern(RPC.rotation.listKeys, Transport.NATS)
  async list(): Promise<{ items: SigningKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @MessagePattern(RPC.rotation.rotateKeys, Transport.NATS)
  rotate(@Payload() { meta }: RpcEnvelope<Record<string, never>>): Promise<RotationOutcome> {
    return this.keys.requestRotation(meta);
  }

  @MessagePattern(RPC.rotation.rotateMasterKey, Transport.NATS)
  rotateMasterKey(@Payload() { meta }: RpcEnvelope<Record<string, never>>): Promise<MasterKeyRotationOutcome> {
    return this.masterKey.rotate(meta);
  }

  @MessagePattern(RPC.rotation.revokeKey, Transport.NATS)
  revoke(@Payload() { meta, data }: RpcEnvelope<{ kid: string; reason: string }>): Promise<SigningKeyView> {
    return this.keys.revoke(data.kid, data.reason, meta);
  }
}
