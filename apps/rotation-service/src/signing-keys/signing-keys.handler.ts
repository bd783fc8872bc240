import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type MasterKeyRotationOutcome } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { MasterKeyRotation } from './master-key.rotation';
import { SigningKeysService } from './signing-keys.service';
import type { EncryptedSigningKey, PublicSigningKeyView, RotationOutcome, SigningKeyView } from './signing-keys.types';

@Controller()
export class SigningKeysHandler {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly masterKey: MasterKeyRotation,
  ) {}

  @RpcHandler(RPC.rotation.publicKeys)
  async publicKeys(): Promise<{ keys: PublicSigningKeyView[] }> {
    return { keys: await this.keys.publicKeys() };
  }

  @RpcHandler(RPC.rotation.activeSigningKey)
  activeSigningKey(): Promise<EncryptedSigningKey> {
    return this.keys.activeSigningKey();
  }

  @RpcHandler(RPC.rotation.listKeys)
  async list(): Promise<{ items: SigningKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @RpcHandler(RPC.rotation.rotateKeys)
  rotate(@Payload() { meta }: RpcEnvelope<Record<string, never>>): Promise<RotationOutcome> {
    return this.keys.requestRotation(meta);
  }

  @RpcHandler(RPC.rotation.rotateMasterKey)
  rotateMasterKey(@Payload() { meta }: RpcEnvelope<Record<string, never>>): Promise<MasterKeyRotationOutcome> {
    return this.masterKey.rotate(meta);
  }

  @RpcHandler(RPC.rotation.revokeKey)
  revoke(@Payload() { meta, data }: RpcEnvelope<{ kid: string; reason: string }>): Promise<SigningKeyView> {
    return this.keys.revoke(data.kid, data.reason, meta);
  }
}
