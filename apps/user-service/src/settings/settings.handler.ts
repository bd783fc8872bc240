import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type RuntimeSettingsSnapshot, type UpdateSettingsRequest } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { SettingsService } from './settings.service';

/** Runtime settings over NATS: the snapshot (gateway GET, followers at boot) and an admin's change (the gateway checked the role). */
@Controller()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @RpcHandler(RPC.user.settings)
  snapshot(): Promise<RuntimeSettingsSnapshot> {
    return this.settings.snapshot();
  }

  @RpcHandler(RPC.user.updateSettings)
  update(@Payload() { meta, data }: RpcEnvelope<UpdateSettingsRequest>): Promise<RuntimeSettingsSnapshot> {
    return this.settings.update(data, meta);
  }
}
