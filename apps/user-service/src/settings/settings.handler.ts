import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { RPC, type RuntimeSettingsSnapshot, type UpdateSettingsRequest } from '@tr4ction/contracts';
import type { RpcEnvelope } from '@tr4ction/messaging';
import { SettingsService } from './settings.service';

/** Runtime settings over NATS: the snapshot (gateway GET, followers at boot) and an admin's change (the gateway checked the role). */
@Controller()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @MessagePattern(RPC.user.settings, Transport.NATS)
  snapshot(): Promise<RuntimeSettingsSnapshot> {
    return this.settings.snapshot();
  }

  @MessagePattern(RPC.user.updateSettings, Transport.NATS)
  update(@Payload() { meta, data }: RpcEnvelope<UpdateSettingsRequest>): Promise<RuntimeSettingsSnapshot> {
    return this.settings.update(data, meta);
  }
}
